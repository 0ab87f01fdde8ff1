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
            Parse(method, syntax, KnownTypes.For(compilation), sink, cancellationToken);

        /// <summary>
        /// As above, with the well-known types already looked up (analyzers do so once per compilation). Returns a model
        /// for every method the generator can write a part for — a broken prompt too, with <see cref="PromptModel.Failure"/>
        /// set — and null only where any generated part would itself fail to compile (a type or method not partial).
        /// </summary>
        public static PromptModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, KnownTypes known, IProblemSink? sink, CancellationToken cancellationToken)
        {
            if (known.SpeechAudio is null || known.SpeechClient is null)
                return null; // The runtime is not referenced: nothing can compile anyway.

            var type = method.ContainingType;
            var log = new ProblemLog(sink);
            var at = syntax.Identifier.GetLocation();
            string name = PromptNaming.PromptNameFromMethod(method.Name);

            // Where a part can be generated at all: every enclosing type partial, the method partial, and no part of
            // it written by the user besides the one declaration.
            bool canEmit = true;
            foreach (var declaration in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    log.Fail(ProblemKind.TypeNotPartial, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText);
                    canEmit = false;
                }
            }
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                log.Fail(ProblemKind.MethodNotPartial, at, method.Name);
                canEmit = false;
            }
            if (!canEmit && sink is null)
                return null; // the generator writes nothing for it; only analyzers need the rest
            bool hasBody = syntax.Body is not null || syntax.ExpressionBody is not null;
            // A body with no declaration part: the generator writes the declaration (so the user's code compiles).
            bool definitionOnly = hasBody && method.PartialDefinitionPart is null && method.PartialImplementationPart is null;
            if (hasBody || method.PartialImplementationPart is { } implementation && GeneratedCode.IsUserDeclared(implementation))
            {
                log.Fail(ProblemKind.MethodHasBody, at, method.Name);
                canEmit &= definitionOnly;
            }
            if (type.TypeKind != TypeKind.Class)
            {
                log.Fail(ProblemKind.TypeNotClass, at, $"'{type.Name}' is a {type.TypeKind.ToString().ToLowerInvariant()}; prompts are declared in partial classes");
                canEmit &= type.TypeKind == TypeKind.Struct; // an interface's part could not hold a body
            }
            if (method.IsGenericMethod)
                log.Fail(ProblemKind.GenericMethod, at, $"Prompt method '{method.Name}' is generic; prompt methods cannot have type parameters");

            var returnKind = known.GetReturnKind(method.ReturnType);
            if (returnKind is null || method.ReturnsByRef || method.ReturnsByRefReadonly)
                log.Fail(ProblemKind.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString());

            // Parameters and their roles.
            var parameters = new List<ParameterModel>();
            string? cancellationTokenName = null;
            var clientParameters = new List<string>();
            foreach (var parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (parameter.RefKind != RefKind.None)
                {
                    // Still bound below, so the template is not also reported as missing it.
                    log.Fail(ProblemKind.UnsupportedParameter, parameter.Locations.FirstOrDefault(), $"Parameter '{parameter.Name}' of prompt method '{method.Name}' is passed by {parameter.RefKind.ToString().ToLowerInvariant()}; prompt parameters are passed by value");
                }
                else if (parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
                {
                    // A template writes its values through a generic formatter, which a span or a pointer cannot reach.
                    log.Fail(ProblemKind.UnsupportedParameter, parameter.Locations.FirstOrDefault(),
                        $"Parameter '{parameter.Name}' of prompt method '{method.Name}' is a {(parameter.Type.IsRefLikeType ? "ref struct" : "pointer")} ({parameter.Type.ToDisplayString()}); pass a string or another value type");
                }
                var role = ParameterRole.Input;
                if (KnownTypes.IsCancellationToken(parameter.Type))
                {
                    role = ParameterRole.CancellationToken;
                    cancellationTokenName ??= parameter.Name;
                }
                else if (SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, known.SpeechClient))
                {
                    role = ParameterRole.Client;
                    clientParameters.Add(parameter.Name);
                }
                else if (KnownTypes.IsCultureInfo(parameter.Type))
                {
                    role = ParameterRole.Culture; // chooses the translation, is not a template input
                }
                parameters.Add(new ParameterModel(
                    parameter.Name,
                    parameter.Type.ToDisplayString(SymbolDisplayFormats.FullyQualifiedNullable),
                    role,
                    DefaultValue(parameter, role, syntax),
                    // Only the analyzers read [MaxLength] (the generator emits nothing from it), and binding attributes costs.
                    sink is not null && ParameterSyntax(syntax, parameter) is { AttributeLists.Count: > 0 } ? KnownTypes.MaxLengthOf(parameter) : null,
                    Example: null,
                    parameter.IsParams,
                    Prefix: ParameterPrefix(parameter),
                    CrefType: CrefText.Of(parameter.Type)));
            }

            // Template: syntax, then bind each variable to a parameter. Further [Prompt]s with a Culture are translations.
            var promptAttributes = KnownTypes.FindAll(method.GetAttributes(), known.PromptAttribute);
            var promptAttribute = promptAttributes.FirstOrDefault(a => KnownTypes.CultureOf(a) is null);
            string? template = promptAttribute?.ConstructorArguments.FirstOrDefault().Value as string;
            var bindings = EquatableArray<TemplateBinding>.Empty;
            TemplateAnalysis? analysis = null;
            if (promptAttribute is null && promptAttributes.Count > 0)
            {
                log.Fail(ProblemKind.TranslationWithoutNeutral, at, KnownTypes.CultureOf(promptAttributes[0]), name, type.Name,
                    "(a [Prompt] without Culture on method '" + method.Name + "')");
            }
            else if (template is null)
            {
                log.Fail(ProblemKind.TemplateNotConstant, at, $"The template of prompt method '{method.Name}' must be a constant string, not null");
            }
            else
            {
                analysis = TemplateParser.Analyze(template);
                var templateExpression = GetTemplateExpression(promptAttribute!, cancellationToken);
                foreach (var error in analysis.Errors)
                    log.Fail(ProblemKind.TemplateSyntaxError, TemplateLocations.InCSharp(templateExpression, template, error.Offset, 1),
                        name, error.Line + 1, error.Column + 1, error.Message);
                bindings = Bind(analysis, parameters, out var unbound, out var unused);
                foreach (var variable in unbound)
                    log.Fail(ProblemKind.TemplateVariableWithoutParameter,
                        TemplateLocations.InCSharp(templateExpression, template, analysis.OffsetOf(variable), variable.Length),
                        variable, name, PromptNaming.ToCamelCase(variable));
                foreach (var parameter in unused)
                    log.Report(ProblemKind.ParameterNotInTemplate, method.Parameters.First(p => p.Name == parameter).Locations.FirstOrDefault(), parameter, name);
            }

            // Voice settings: the method's [Voice] over the class's.
            var settings = VoiceAttributeReader.Read(KnownTypes.Find(method.GetAttributes(), known.VoiceAttribute))
                .Over(VoiceAttributeReader.Read(KnownTypes.Find(type.GetAttributes(), known.VoiceAttribute)));
            if (settings.Voice is null)
                log.Fail(ProblemKind.MissingVoice, at, name);
            // Translations share the prompt's settings: C# has one [Voice] per method.
            var variants = ReadTranslations(method, name, promptAttributes, promptAttribute, parameters, settings, known, log, cancellationToken);
            if (settings.Speed is double speed && (double.IsNaN(speed) || double.IsInfinity(speed)))
                log.Fail(ProblemKind.InvalidSpeed, at, Diagnostics.Subjects.Prompt(name), speed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Diagnostics.Subjects.Speed(SpeechModelCatalog.Get(settings.Model).MinSpeed), Diagnostics.Subjects.Speed(SpeechModelCatalog.Get(settings.Model).MaxSpeed), settings.Model ?? "the model");

            // Client: a parameter, else the one member of the class, else SpeechClient.Default.
            string? clientExpression;
            if (clientParameters.Count > 1)
            {
                log.Fail(ProblemKind.MultipleClients, at, method.Name, string.Join(", ", clientParameters));
                clientExpression = null;
            }
            else if (clientParameters.Count == 1)
            {
                clientExpression = Identifiers.Escape(clientParameters[0]);
            }
            else
            {
                clientExpression = ClientResolver.Resolve(type, method.IsStatic, known, log, at);
                // A primary-constructor client is named bare; a parameter of the same name would hide it in the body.
                var hiding = method.Parameters.FirstOrDefault(p => clientExpression is { } c
                    && (c == Identifiers.Escape(p.Name) || c.StartsWith("(" + Identifiers.Escape(p.Name) + " ??", StringComparison.Ordinal)));
                if (hiding is not null)
                    log.Fail(ProblemKind.UnsupportedParameter, hiding.Locations.FirstOrDefault(),
                        $"Parameter '{hiding.Name}' of prompt method '{method.Name}' hides the class's client '{hiding.Name}' (a primary-constructor parameter); rename the parameter");
            }

            var members = SelectMembers(method, type, name, known, log, at, out int overloadIndex);
            if (!canEmit)
                return null;
            if (method.IsGenericMethod)
                members = new MemberSelection(false, false, false, false); // they could not name the method's type parameters

            var targetType = TargetTypeFactory.FromSymbol(type, modifiers: "");
            string helperSuffix = HelperSuffix(name, overloadIndex, known.PromptMethods(type));
            var lineSpan = at.GetLineSpan();
            string? failure = log.Failure;

            return new PromptModel(
                name,
                targetType,
                settings,
                failure is null
                    ? TemplateModel.Create(template!, bindings, analysis!.ConstantText, known.PronunciationsFor(method, culture: null), analysis.Parts)
                    : new TemplateModel(template ?? "", bindings, null, null),
                parameters.ToEquatableArray(),
                new UserMethodModel(
                    method.Name,
                    string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text)),
                    (method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : "") + method.ReturnType.ToDisplayString(SymbolDisplayFormats.FullyQualifiedNullable),
                    returnKind,
                    cancellationTokenName,
                    method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => Identifiers.Escape(t.Name))) + ">" : "",
                    TypeParameterConstraints.For(method.TypeParameters),
                    definitionOnly,
                    HasDocumentation(syntax)),
                clientExpression ?? ClientResolver.DefaultClient,
                method.IsStatic,
                Accessibility(method.DeclaredAccessibility),
                members,
                helperSuffix,
                new SourcePosition(lineSpan.Path ?? syntax.SyntaxTree.FilePath, lineSpan.StartLinePosition.Line + 1),
                failure,
                failure is null ? variants.ToEquatableArray() : EquatableArray<PromptVariant>.Empty);
        }

        /// <summary>
        /// The <c>[Prompt("…", Culture = "fr")]</c> translations of a method: each culture known to .NET and written once,
        /// each template bound to the method's parameters, spoken with the prompt's <paramref name="settings"/>.
        /// </summary>
        private static List<PromptVariant> ReadTranslations(IMethodSymbol method, string name, List<AttributeData> promptAttributes, AttributeData? neutral,
            List<ParameterModel> parameters, VoiceSettings settings, KnownTypes known, ProblemLog log, CancellationToken cancellationToken)
        {
            var variants = new List<PromptVariant>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool neutralSeen = false;
            foreach (var attribute in promptAttributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? written = KnownTypes.CultureOf(attribute);
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                if (written is null)
                {
                    if (neutralSeen)
                        log.Fail(ProblemKind.DuplicateTranslation, attributeSyntax?.GetLocation(), method.Name, "the neutral culture (no Culture)");
                    neutralSeen = true;
                    continue;
                }
                string? culture = CultureNames.Normalize(written);
                if (culture is null)
                {
                    log.Fail(ProblemKind.UnknownCulture, CultureArgument(attributeSyntax)?.GetLocation() ?? attributeSyntax?.GetLocation(),
                        "Prompt '" + name + "'", written);
                    continue;
                }
                if (!seen.Add(culture))
                {
                    log.Fail(ProblemKind.DuplicateTranslation, attributeSyntax?.GetLocation(), method.Name, "culture '" + culture + "'");
                    continue;
                }
                if (neutral is null || attribute.ConstructorArguments.FirstOrDefault().Value is not string template)
                    continue; // reported: no neutral prompt, or not a constant

                var expression = GetTemplateExpression(attribute, cancellationToken);
                var analysis = TemplateParser.Analyze(template);
                string displayName = VariantResolver.DisplayName(name, culture);
                foreach (var error in analysis.Errors)
                    log.Fail(ProblemKind.TemplateSyntaxError, TemplateLocations.InCSharp(expression, template, error.Offset, 1),
                        displayName, error.Line + 1, error.Column + 1, error.Message);
                var bindings = Bind(analysis, parameters, out var unbound, out _);
                var inputs = parameters.Where(p => p.Role == ParameterRole.Input).Select(p => p.Name).ToList();
                foreach (var variable in unbound)
                    log.Fail(ProblemKind.TranslationParameterMismatch, TemplateLocations.InCSharp(expression, template, analysis.OffsetOf(variable), variable.Length),
                        culture, name, $"reads variable '{variable}', which is not a parameter of method '{method.Name}'", inputs.Count == 0 ? "none" : string.Join(", ", inputs));
                var line = (attributeSyntax?.GetLocation() ?? method.Locations.First()).GetLineSpan();
                variants.Add(new PromptVariant(culture, settings,
                    TemplateModel.Create(template, bindings, analysis.HasErrors ? null : analysis.ConstantText, known.PronunciationsFor(method, culture), analysis.Parts),
                    new SourcePosition(line.Path ?? "", line.StartLinePosition.Line + 1)));
            }
            return variants.OrderBy(v => v.Culture, StringComparer.Ordinal).ToList();
        }

        private static ExpressionSyntax? CultureArgument(AttributeSyntax? attribute) =>
            attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Culture")?.Expression;

        private static ParameterSyntax? ParameterSyntax(MethodDeclarationSyntax syntax, IParameterSymbol parameter) =>
            parameter.Ordinal < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[parameter.Ordinal] : null;

        /// <summary>
        /// A parameter's default as C#, looked at in the syntax first: binding a default value is one of the costlier
        /// questions to ask the compiler, and most prompt parameters (a token's <c>= default</c> aside) have none.
        /// </summary>
        private static string? DefaultValue(IParameterSymbol parameter, ParameterRole role, MethodDeclarationSyntax syntax)
        {
            if (ParameterSyntax(syntax, parameter)?.Default is null)
                return null;
            if (role == ParameterRole.CancellationToken)
                return "default"; // a token's only constant value
            return parameter.HasExplicitDefaultValue ? Literals.FormatDefault(parameter) : null;
        }

        /// <summary>A <c>///</c> or <c>/** */</c> comment on the declaration (parsed as a comment when documentation mode is off).</summary>
        private static bool HasDocumentation(MethodDeclarationSyntax syntax) =>
            syntax.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                || t.IsKind(SyntaxKind.SingleLineCommentTrivia) && t.ToString().StartsWith("///", StringComparison.Ordinal)
                || t.IsKind(SyntaxKind.MultiLineCommentTrivia) && t.ToString().StartsWith("/**", StringComparison.Ordinal));

        private static string ParameterPrefix(IParameterSymbol parameter) => parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            _ => "",
        } is var prefix && parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true } ? "this " + prefix : prefix;

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
                var parameter = parameters.FirstOrDefault(p => p.Role == ParameterRole.Input && p.Variable == variable)
                    ?? parameters.FirstOrDefault(p => p.Role == ParameterRole.Input && p.Variable is null && p.Name == variable)
                    ?? parameters.FirstOrDefault(p => p.Role == ParameterRole.Input && p.Variable is null && StandardMemberRenamer.Rename(p.Name) == variable);
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

        /// <summary>
        /// What a prompt's private helpers are named after, in C# as in YAML: the prompt's name, and for the
        /// <paramref name="index"/>-th further prompt of the type with that name (overloads, a Speak and a Stream
        /// method) the name with the <paramref name="index"/>-th number no prompt of the type is named with.
        /// YAML prompt names have no underscore, so they never meet these.
        /// </summary>
        private static string HelperSuffix(string name, int index, IEnumerable<IMethodSymbol> prompts)
        {
            if (index == 0)
                return name;
            var names = new HashSet<string>(prompts.Select(m => PromptNaming.PromptNameFromMethod(m.Name)), StringComparer.Ordinal);
            for (int n = 1; ; n++)
            {
                string candidate = name + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!names.Contains(candidate) && --index == 0)
                    return candidate;
            }
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
            overloadIndex = earlierPrompts.Count(m => PromptNaming.PromptNameFromMethod(m.Name) == name);
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
