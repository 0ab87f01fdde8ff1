using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Scriban.Runtime;
using VoicePrompts.Generator.Model;
using VoicePrompts.Shared;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>
    /// Turns a <c>[Prompt]</c> method into a <see cref="PromptModel"/>, or null when it cannot be generated. Every
    /// reason for null is passed to the optional <see cref="IProblemSink"/>, which is how analyzers reuse this parser.
    /// </summary>
    internal static class CSharpPromptParser
    {
        public static PromptModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
                return null;
            try
            {
                return Parse(method, syntax, context.SemanticModel.Compilation, sink: null, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                // Never crash the compiler on odd code: no output for this prompt.
                return null;
            }
        }

        public static PromptModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, Compilation compilation, IProblemSink? sink, CancellationToken cancellationToken) =>
            Parse(method, syntax, new KnownTypes(compilation), sink, cancellationToken);

        /// <summary>As above, with the well-known types already looked up (analyzers do so once per compilation).</summary>
        public static PromptModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, KnownTypes known, IProblemSink? sink, CancellationToken cancellationToken)
        {
            if (known.SpeechAudio is null || known.SpeechClient is null)
                return null; // The runtime is not referenced: nothing can compile anyway.

            var type = method.ContainingType;
            bool valid = true;

            var promptAttribute = KnownTypes.Find(method.GetAttributes(), known.PromptAttribute);
            var templateArgument = promptAttribute?.ConstructorArguments.FirstOrDefault();
            if (templateArgument is not { Value: string template })
            {
                sink?.Report(ProblemKind.TemplateNotConstant, syntax.Identifier.GetLocation(), $"The template of prompt method '{method.Name}' must be a constant string, not null");
                return null;
            }

            if (type.TypeKind != TypeKind.Class)
            {
                sink?.Report(ProblemKind.TypeNotClass, syntax.Identifier.GetLocation(), $"'{type.Name}' is a {type.TypeKind.ToString().ToLowerInvariant()}; prompts are declared in partial classes");
                return null;
            }

            foreach (var declaration in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    sink?.Report(ProblemKind.TypeNotPartial, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText);
                    valid = false;
                }
            }

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                sink?.Report(ProblemKind.MethodNotPartial, syntax.Identifier.GetLocation(), method.Name);
                valid = false;
            }
            if (syntax.Body is not null || syntax.ExpressionBody is not null
                || method.PartialImplementationPart is { } implementation && GeneratedCode.IsUserDeclared(implementation))
            {
                sink?.Report(ProblemKind.MethodHasBody, syntax.Identifier.GetLocation(), method.Name);
                valid = false;
            }
            if (method.IsGenericMethod)
            {
                sink?.Report(ProblemKind.GenericMethod, syntax.Identifier.GetLocation(), $"Prompt method '{method.Name}' is generic; prompt methods cannot have type parameters");
                valid = false;
            }

            var returnKind = known.GetReturnKind(method.ReturnType);
            if (returnKind is null)
            {
                sink?.Report(ProblemKind.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString());
                valid = false;
            }

            // Parameters and their roles.
            var parameters = new List<ParameterModel>();
            string? cancellationTokenName = null;
            var clientParameters = new List<string>();
            foreach (var parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (parameter.RefKind != RefKind.None)
                {
                    sink?.Report(ProblemKind.UnsupportedParameter, parameter.Locations.FirstOrDefault(), $"Parameter '{parameter.Name}' of prompt method '{method.Name}' is passed by {parameter.RefKind.ToString().ToLowerInvariant()}; prompt parameters are passed by value");
                    valid = false; // still bound below, so the template is not also reported as missing it
                }
                var role = ParameterRole.Input;
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken))
                {
                    role = ParameterRole.CancellationToken;
                    cancellationTokenName ??= parameter.Name;
                }
                else if (SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, known.SpeechClient))
                {
                    role = ParameterRole.Client;
                    clientParameters.Add(parameter.Name);
                }
                parameters.Add(new ParameterModel(
                    parameter.Name,
                    parameter.Type.ToDisplayString(SymbolDisplayFormats.FullyQualifiedNullable),
                    role,
                    parameter.HasExplicitDefaultValue ? Literals.FormatDefault(parameter) : null,
                    GetMaxLength(parameter, known),
                    Example: null,
                    parameter.IsParams));
            }

            // Template: syntax, then bind each variable to a parameter.
            string name = PromptNaming.PromptNameFromMethod(method.Name);
            var analysis = TemplateParser.Analyze(template);
            var templateExpression = GetTemplateExpression(promptAttribute!, cancellationToken);
            foreach (var error in analysis.Errors)
            {
                sink?.Report(ProblemKind.TemplateSyntaxError, TemplateLocations.InCSharp(templateExpression, template, error.Offset, 1),
                    name, error.Line + 1, error.Column + 1, error.Message);
                valid = false;
            }
            var bindings = Bind(analysis, parameters, out var unbound, out var unused);
            foreach (var variable in unbound)
            {
                sink?.Report(ProblemKind.TemplateVariableWithoutParameter,
                    TemplateLocations.InCSharp(templateExpression, template, analysis.OffsetOf(variable), variable.Length),
                    variable, name, PromptNaming.ToCamelCase(variable));
                valid = false;
            }
            foreach (var parameter in unused)
                sink?.Report(ProblemKind.ParameterNotInTemplate, method.Parameters.First(p => p.Name == parameter).Locations.FirstOrDefault(), parameter, name);

            // Voice settings: the method's [Voice] over the class's.
            var settings = ReadVoice(method.GetAttributes(), known).Over(ReadVoice(type.GetAttributes(), known));
            if (settings.Voice is null)
            {
                sink?.Report(ProblemKind.MissingVoice, syntax.Identifier.GetLocation(), name);
                valid = false;
            }
            if (settings.Speed is double speed && (double.IsNaN(speed) || double.IsInfinity(speed)))
            {
                sink?.Report(ProblemKind.InvalidSpeed, syntax.Identifier.GetLocation(), speed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                valid = false;
            }

            // Client: a parameter, else the one member of the class, else SpeechClient.Default.
            string? clientExpression;
            if (clientParameters.Count > 1)
            {
                sink?.Report(ProblemKind.MultipleClients, syntax.Identifier.GetLocation(), method.Name, string.Join(", ", clientParameters));
                clientExpression = null;
            }
            else if (clientParameters.Count == 1)
            {
                clientExpression = Identifiers.Escape(clientParameters[0]);
            }
            else
            {
                clientExpression = ClientResolver.Resolve(type, method.IsStatic, known, sink, syntax.Identifier.GetLocation());
            }
            if (clientExpression is null)
                valid = false;

            var members = SelectMembers(method, type, name, known, sink, syntax.Identifier.GetLocation(), out int overloadIndex);

            if (!valid)
                return null;

            var targetType = TargetTypeFactory.FromSymbol(type, modifiers: "");
            string helperSuffix = overloadIndex == 0 ? method.Name : method.Name + "_" + overloadIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var lineSpan = syntax.Identifier.GetLocation().GetLineSpan();

            return new PromptModel(
                name,
                targetType,
                settings,
                TemplateModel.Create(template, bindings, analysis.ConstantText),
                parameters.ToEquatableArray(),
                new UserMethodModel(
                    method.Name,
                    string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
                    method.ReturnType.ToDisplayString(SymbolDisplayFormats.FullyQualifiedNullable),
                    returnKind!.Value,
                    cancellationTokenName),
                clientExpression!,
                method.IsStatic,
                Accessibility(method.DeclaredAccessibility),
                members,
                helperSuffix,
                new SourcePosition(lineSpan.Path ?? syntax.SyntaxTree.FilePath, lineSpan.StartLinePosition.Line + 1));
        }

        /// <summary>
        /// Binds template variables to parameters: a variable binds to the input parameter of the same name, or whose
        /// Scriban snake_case form equals it (<c>orderId</c> ↔ <c>order_id</c>).
        /// </summary>
        internal static EquatableArray<TemplateBinding> Bind(TemplateAnalysis analysis, IReadOnlyList<ParameterModel> parameters, out List<string> unbound, out List<string> unused)
        {
            var bindings = new List<TemplateBinding>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            unbound = new List<string>();
            foreach (var variable in analysis.Variables)
            {
                var parameter = parameters.FirstOrDefault(p => p.Role == ParameterRole.Input && p.Name == variable)
                    ?? parameters.FirstOrDefault(p => p.Role == ParameterRole.Input && StandardMemberRenamer.Rename(p.Name) == variable);
                if (parameter is null)
                {
                    unbound.Add(variable);
                    continue;
                }
                used.Add(parameter.Name);
                bindings.Add(new TemplateBinding(variable, parameter.Name));
            }
            unused = analysis.HasErrors
                ? new List<string>()
                : parameters.Where(p => p.Role == ParameterRole.Input && !used.Contains(p.Name)).Select(p => p.Name).ToList();
            return bindings.ToEquatableArray();
        }

        internal static VoiceSettings ReadVoice(ImmutableArray<AttributeData> attributes, KnownTypes known)
        {
            var voice = KnownTypes.Find(attributes, known.VoiceAttribute);
            if (voice is null)
                return VoiceSettings.None;
            string? name = voice.ConstructorArguments.Length == 1 ? voice.ConstructorArguments[0].Value as string : null;
            string? instructions = null, model = null, format = null;
            double? speed = null;
            foreach (var argument in voice.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Instructions": instructions = argument.Value.Value as string; break;
                    case "Model": model = argument.Value.Value as string; break;
                    case "Format": format = argument.Value.Value as string; break;
                    case "Speed" when argument.Value.Value is double d: speed = d; break;
                }
            }
            return new VoiceSettings(name, instructions, model, format, speed);
        }

        /// <summary>
        /// Chooses which generated members to write. A member whose name the user already wrote, or an earlier prompt
        /// of the same type generates, is left out (and reported) instead of breaking the build in generated code.
        /// </summary>
        private static MemberSelection SelectMembers(IMethodSymbol method, INamedTypeSymbol type, string name, KnownTypes known, IProblemSink? sink, Location location, out int overloadIndex)
        {
            var earlierPrompts = known.PromptMethods(type)
                .TakeWhile(m => !SymbolEqualityComparer.Default.Equals(m, method))
                .ToList();
            overloadIndex = earlierPrompts.Count(m => m.Name == method.Name);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var earlier in earlierPrompts)
                foreach (var generated in PromptNaming.GeneratedMembers(PromptNaming.PromptNameFromMethod(earlier.Name)))
                    taken.Add(generated);

            bool Free(string member, bool isOwn)
            {
                if (isOwn) return false; // the user's method itself plays this role
                if (type.GetMembers(member).Any(GeneratedCode.IsUserDeclared) || taken.Contains(member))
                {
                    sink?.Report(ProblemKind.MemberNameClash, location, type.Name, member, name);
                    return false;
                }
                return true;
            }

            return new MemberSelection(
                Speak: Free(PromptNaming.SpeakMethod(name), method.Name == PromptNaming.SpeakMethod(name)),
                Stream: Free(PromptNaming.StreamMethod(name), method.Name == PromptNaming.StreamMethod(name)),
                Text: Free(PromptNaming.TextMethod(name), method.Name == PromptNaming.TextMethod(name)),
                Request: Free(PromptNaming.RequestMethod(name), method.Name == PromptNaming.RequestMethod(name)));
        }

        private static int? GetMaxLength(IParameterSymbol parameter, KnownTypes known)
        {
            var attribute = KnownTypes.Find(parameter.GetAttributes(), known.MaxLengthAttribute);
            return attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int length ? length : null;
        }

        /// <summary>The template argument as written, so diagnostics can point inside the string literal.</summary>
        internal static ExpressionSyntax? GetTemplateExpression(AttributeData attribute, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attributeSyntax)
                return attributeSyntax.ArgumentList.Arguments[0].Expression;
            return null;
        }

        internal static string Accessibility(Accessibility accessibility) => accessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };
    }
}
