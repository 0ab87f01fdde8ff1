using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>Describes a type as text for the emitter: namespace, enclosing types, declaration headers.</summary>
    internal static class TargetTypeFactory
    {
        public static TargetTypeModel FromSymbol(INamedTypeSymbol type, string modifiers)
        {
            var containing = new List<TypeDeclarationModel>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                containing.Insert(0, Declaration(outer, ""));
            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            string fullName = type.ToDisplayString(new SymbolDisplayFormat(
                typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
                genericsOptions: SymbolDisplayGenericsOptions.None));
            return new TargetTypeModel(ns, containing.ToEquatableArray(), Declaration(type, modifiers), fullName, HintName(type));
        }

        /// <summary>A class that exists only in YAML: <c>public partial class</c> in the namespace its full name gives.</summary>
        public static TargetTypeModel ForYamlOnlyClass(string fullName)
        {
            int dot = fullName.LastIndexOf('.');
            string? ns = dot < 0 ? null : fullName.Substring(0, dot);
            string name = dot < 0 ? fullName : fullName.Substring(dot + 1);
            return new TargetTypeModel(ns, EquatableArray<TypeDeclarationModel>.Empty,
                new TypeDeclarationModel("public", "class", Identifiers.Escape(name)), fullName, Sanitize(fullName));
        }

        private static TypeDeclarationModel Declaration(INamedTypeSymbol type, string modifiers)
        {
            string keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string name = Identifiers.Escape(type.Name);
            if (type.TypeParameters.Length > 0)
                name += "<" + string.Join(", ", type.TypeParameters.Select(p => Identifiers.Escape(p.Name))) + ">";
            return new TypeDeclarationModel(modifiers, keyword, name);
        }

        private static string HintName(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType)
                parts.Insert(0, t.MetadataName);
            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
            return Sanitize(ns + string.Join("+", parts));
        }

        public static string Sanitize(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
                sb.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-' ? c : '_');
            return sb.ToString();
        }
    }
}
