using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace VoicePrompts.Generator.Parsing
{
    internal static class SymbolDisplayFormats
    {
        /// <summary><c>global::</c>-qualified names with nullable annotations, so generated signatures match exactly.</summary>
        public static readonly SymbolDisplayFormat FullyQualifiedNullable = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
    }

    internal static class Identifiers
    {
        /// <summary>Prefixes <c>@</c> to a name that is a C# keyword.</summary>
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        public static bool IsValid(string name) => SyntaxFacts.IsValidIdentifier(name);

        /// <summary>
        /// <paramref name="name"/> as a valid C# identifier (other characters become <c>_</c>, a leading digit gets one)
        /// that is not in <paramref name="taken"/> (else numbered: <c>cancellationToken2</c>), and adds it there.
        /// </summary>
        public static string Unique(string name, System.Collections.Generic.HashSet<string> taken)
        {
            var sb = new System.Text.StringBuilder(name.Length + 1);
            foreach (char c in name)
                sb.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            if (sb.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(sb[0]))
                sb.Insert(0, '_');
            string candidate = sb.ToString();
            for (int i = 2; !taken.Add(candidate); i++)
                candidate = sb.ToString() + i.ToString(CultureInfo.InvariantCulture);
            return candidate;
        }
    }

    /// <summary>C# literal text for values known at compile time.</summary>
    internal static class Literals
    {
        public static string String(string? value) =>
            value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

        public static string Double(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 || text.IndexOf('e') >= 0 ? text + "d" : text + ".0d";
        }

        /// <summary>A parameter's default value as C# source, for the generated overloads that repeat it.</summary>
        public static string FormatDefault(IParameterSymbol parameter)
        {
            object? value = parameter.ExplicitDefaultValue;
            if (value is null)
                return "default";
            var enumType = parameter.Type.TypeKind == TypeKind.Enum ? parameter.Type
                : parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && nullable.TypeArguments[0].TypeKind == TypeKind.Enum ? nullable.TypeArguments[0]
                : null;
            if (enumType is not null)
            {
                return "(" + enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
            }
            return value switch
            {
                string s => String(s),
                bool b => b ? "true" : "false",
                char c => SymbolDisplay.FormatLiteral(c, quote: true),
                double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : Double(d),
                float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", CultureInfo.InvariantCulture) + "f",
                decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
                long l => l.ToString(CultureInfo.InvariantCulture) + "L",
                ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
                uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
                IFormattable n => "(" + parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + n.ToString(null, CultureInfo.InvariantCulture) + ")",
                _ => "default",
            };
        }
    }
}

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>A generic method's <c>where</c> clauses as C#, which a partial method's implementation must repeat.</summary>
    internal static class TypeParameterConstraints
    {
        public static Model.EquatableArray<string> For(System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol> typeParameters)
        {
            var clauses = new System.Collections.Generic.List<string>();
            foreach (var parameter in typeParameters)
            {
                var parts = new System.Collections.Generic.List<string>();
                if (parameter.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
                else if (parameter.HasValueTypeConstraint) parts.Add("struct");
                else if (parameter.HasReferenceTypeConstraint) parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
                else if (parameter.HasNotNullConstraint) parts.Add("notnull");
                foreach (var type in parameter.ConstraintTypes)
                    parts.Add(type.ToDisplayString(SymbolDisplayFormats.FullyQualifiedNullable));
                if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint) parts.Add("new()");
                if (parts.Count > 0)
                    clauses.Add("where " + Identifiers.Escape(parameter.Name) + " : " + string.Join(", ", parts));
            }
            return Model.EquatableArray.ToEquatableArray(clauses);
        }
    }
}

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>Types as a doc comment's <c>cref</c> writes them: <c>{}</c> for type arguments, tuples and nullables by name.</summary>
    internal static class CrefText
    {
        public static string Of(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => Of(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]",
            IPointerTypeSymbol pointer => Of(pointer.PointedAtType) + "*",
            ITypeParameterSymbol parameter => parameter.Name,
            IDynamicTypeSymbol => "object",
            INamedTypeSymbol { SpecialType: not SpecialType.None, Arity: 0 } special => special.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            INamedTypeSymbol named => Named(named),
            _ => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        };

        private static string Named(INamedTypeSymbol type)
        {
            string prefix = type.ContainingType is { } outer ? Named(outer) + "."
                : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? "global::" + ns.ToDisplayString() + "."
                : "global::";
            var arguments = type.TypeArguments;
            return prefix + type.Name + (arguments.Length == 0 ? "" : "{" + string.Join(", ", System.Linq.Enumerable.Select(arguments, Of)) + "}");
        }
    }
}
