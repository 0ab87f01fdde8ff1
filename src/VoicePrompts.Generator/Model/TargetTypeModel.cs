namespace VoicePrompts.Generator.Model
{
    /// <summary>The partial type that receives generated members, described as text.</summary>
    /// <param name="Namespace">The namespace, or null for the global namespace.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Declaration">This type's own declaration header, e.g. <c>partial class Prompts&lt;T&gt;</c>.</param>
    /// <param name="FullName">Dotted full name without type parameters, used in prompt ids.</param>
    /// <param name="HintName">A file-name-safe unique name for generated files.</param>
    internal sealed record TargetTypeModel(
        string? Namespace,
        EquatableArray<TypeDeclarationModel> ContainingTypes,
        TypeDeclarationModel Declaration,
        string FullName,
        string HintName);

    /// <summary>A type declaration header as it is written in a partial part: modifiers, keyword, name.</summary>
    /// <param name="Modifiers">e.g. <c>public</c> for a class that only YAML declares; empty when joining a C# class.</param>
    /// <param name="Keyword"><c>class</c>, <c>record</c>, <c>struct</c>, <c>record struct</c> or <c>interface</c>.</param>
    /// <param name="NameWithTypeParameters">e.g. <c>Outer&lt;T&gt;</c>.</param>
    internal sealed record TypeDeclarationModel(string Modifiers, string Keyword, string NameWithTypeParameters);
}
