using System;

namespace VoicePrompts
{
    /// <summary>
    /// Declares a voice prompt on a <c>partial</c> method without a body. The template is Scriban
    /// (<c>{{ name }}</c>, <c>{{ if n == 1 }}…{{ end }}</c>, pipes); a variable binds to the parameter of the same
    /// name or whose snake_case form equals it (<c>orderId</c> ↔ <c>order_id</c>).
    /// </summary>
    /// <remarks>
    /// Translations are further <c>[Prompt]</c> attributes on the same method with a <see cref="Culture"/>: the
    /// generated methods speak the variant for <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> (or for a
    /// <see cref="System.Globalization.CultureInfo"/> parameter of the method), falling back from <c>de-CH</c> to
    /// <c>de</c> to the attribute without a culture.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class PromptAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="template">The text to speak, as a Scriban template.</param>
        public PromptAttribute(string template) => Template = template;

        /// <summary>The Scriban template of the text to speak.</summary>
        public string Template { get; }

        /// <summary>
        /// The culture this template is the translation for (<c>fr</c>, <c>de-CH</c>), or null for the neutral template
        /// that every prompt has.
        /// </summary>
        public string? Culture { get; set; }
    }
}
