using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using VoicePrompts.Generator.Parsing;

namespace VoicePrompts.Generator.Analyzers
{
    /// <summary>A template input as the checks need it: how long its rendering can be, and its example.</summary>
    /// <param name="MaxLength">The declared maximum length (characters), for messages.</param>
    /// <param name="MaxRenderedBytes">The most UTF-8 bytes its rendering can take, or null when unbounded.</param>
    internal sealed record InputFact(string Name, string Type, int? MaxLength, long? MaxRenderedBytes, string? Example);

    /// <summary>
    /// What the size checks need to know about one prompt, from C# or YAML, with locations already resolved: its
    /// template, inputs and effective voice settings. Built per analysis; never part of the generator's cached pipeline.
    /// </summary>
    internal sealed class PromptFacts
    {
        public PromptFacts(string name, string template, Func<int, int, Location?> templateLocation, IReadOnlyList<InputFact> inputs, VoiceDeclaration settings,
            Model.EquatableArray<Model.PronounceEntry> pronounce = default, string? culture = null)
        {
            Pronounce = pronounce;
            Culture = culture;
            Name = name;
            Template = template;
            TemplateLocation = templateLocation;
            Inputs = inputs;
            Settings = settings;
        }

        public string Name { get; }

        public string Template { get; }

        /// <summary>The location of template[offset .. offset+length).</summary>
        public Func<int, int, Location?> TemplateLocation { get; }

        public IReadOnlyList<InputFact> Inputs { get; }

        /// <summary>The settings in effect for this prompt (its own over its class's or file's).</summary>
        public VoiceDeclaration Settings { get; }

        /// <summary>Words said otherwise than written: the limits are checked on what is sent.</summary>
        public Model.EquatableArray<Model.PronounceEntry> Pronounce { get; }

        /// <summary>A translation's culture (its values are rendered as it writes them); null for the neutral text.</summary>
        public string? Culture { get; }

        public Location? WholeTemplateLocation => TemplateLocation(0, Template.Length);
    }
}
