using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VoicePrompts.Generator.Model;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>A value as declared, and where — a C# attribute argument or a YAML scalar.</summary>
    internal sealed class DeclaredValue<T>
    {
        public DeclaredValue(T value, Location? location)
        {
            Value = value;
            Location = location;
        }

        public T Value { get; }

        public Location? Location { get; }
    }

    /// <summary>The five voice settings of one declaration (a [Voice], a YAML file or prompt), each with where it was written.</summary>
    internal sealed class VoiceDeclaration
    {
        public static readonly VoiceDeclaration None = new();

        public DeclaredValue<string>? Voice { get; set; }

        public DeclaredValue<string>? Instructions { get; set; }

        public DeclaredValue<string>? Model { get; set; }

        public DeclaredValue<string>? Format { get; set; }

        public DeclaredValue<double>? Speed { get; set; }

        /// <summary>This declaration's values where set, else <paramref name="outer"/>'s, each keeping its own location.</summary>
        public VoiceDeclaration Over(VoiceDeclaration outer) => new()
        {
            Voice = Voice ?? outer.Voice,
            Instructions = Instructions ?? outer.Instructions,
            Model = Model ?? outer.Model,
            Format = Format ?? outer.Format,
            Speed = Speed ?? outer.Speed,
        };
    }

    /// <summary>
    /// Reads <c>[Voice(voice, Instructions=, Model=, Format=, Speed=)]</c>, for the generator (values) and the analyzers
    /// (values and where each is written) alike, so both accept exactly the same arguments.
    /// </summary>
    internal static class VoiceAttributeReader
    {
        public static VoiceSettings Read(AttributeData? attribute)
        {
            if (attribute is null)
                return VoiceSettings.None;
            return new VoiceSettings(Voice(attribute), Text(attribute, "Instructions"), Text(attribute, "Model"),
                Text(attribute, "Format"), Speed(attribute));
        }

        /// <summary>As <see cref="Read"/>, with the location of each argument (the syntax is looked up only here).</summary>
        public static VoiceDeclaration ReadDeclared(AttributeData? attribute, CancellationToken cancellationToken)
        {
            if (attribute is null)
                return VoiceDeclaration.None;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            Location? At(string? name)
            {
                var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => name is null
                    ? a.NameEquals is null && a.NameColon is null
                    : a.NameEquals?.Name.Identifier.ValueText == name);
                return argument?.Expression.GetLocation() ?? syntax?.GetLocation();
            }
            DeclaredValue<T>? Located<T>(T? value, string? name) where T : class => value is null ? null : new DeclaredValue<T>(value, At(name));
            return new VoiceDeclaration
            {
                Voice = Located(Voice(attribute), null),
                Instructions = Located(Text(attribute, "Instructions"), "Instructions"),
                Model = Located(Text(attribute, "Model"), "Model"),
                Format = Located(Text(attribute, "Format"), "Format"),
                Speed = Speed(attribute) is double speed ? new DeclaredValue<double>(speed, At("Speed")) : null,
            };
        }

        private static string? Voice(AttributeData attribute) =>
            attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

        private static string? Text(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
                if (pair.Key == name && pair.Value.Value is string value)
                    return value;
            return null;
        }

        private static double? Speed(AttributeData attribute)
        {
            foreach (var pair in attribute.NamedArguments)
                if (pair.Key == "Speed" && pair.Value.Value is double value)
                    return value;
            return null;
        }
    }
}
