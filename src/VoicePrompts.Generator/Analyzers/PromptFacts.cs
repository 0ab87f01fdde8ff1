using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace VoicePrompts.Generator.Analyzers
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

    /// <summary>A template input as the checks need it: how long its rendering can be, and its example.</summary>
    /// <param name="MaxLength">The declared maximum length (characters), for messages.</param>
    /// <param name="MaxRenderedBytes">The most UTF-8 bytes its rendering can take, or null when unbounded.</param>
    internal sealed record InputFact(string Name, string Type, int? MaxLength, long? MaxRenderedBytes, string? Example);

    /// <summary>
    /// What the content checks (limits, voice settings) need to know about one prompt, from C# or YAML, with
    /// locations already resolved. Built per analysis; never part of the generator's cached pipeline.
    /// </summary>
    internal sealed class PromptFacts
    {
        public PromptFacts(string name, string template, Func<int, int, Location?> templateLocation, IReadOnlyList<InputFact> inputs)
        {
            Name = name;
            Template = template;
            TemplateLocation = templateLocation;
            Inputs = inputs;
        }

        public string Name { get; }

        public string Template { get; }

        /// <summary>The location of template[offset .. offset+length).</summary>
        public Func<int, int, Location?> TemplateLocation { get; }

        public IReadOnlyList<InputFact> Inputs { get; }

        public DeclaredValue<string>? Voice { get; set; }

        public DeclaredValue<string>? Instructions { get; set; }

        public DeclaredValue<string>? Model { get; set; }

        public DeclaredValue<string>? Format { get; set; }

        public DeclaredValue<double>? Speed { get; set; }

        public Location? WholeTemplateLocation => TemplateLocation(0, Template.Length);
    }
}
