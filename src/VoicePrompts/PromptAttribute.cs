using System;

namespace VoicePrompts
{
    /// <summary>
    /// Declares a voice prompt on a <c>partial</c> method without a body. The template is Scriban
    /// (<c>{{ name }}</c>, <c>{{ if n == 1 }}…{{ end }}</c>, pipes); a variable binds to the parameter of the same
    /// name or whose snake_case form equals it (<c>orderId</c> ↔ <c>order_id</c>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class PromptAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="template">The text to speak, as a Scriban template.</param>
        public PromptAttribute(string template) => Template = template;

        /// <summary>The Scriban template of the text to speak.</summary>
        public string Template { get; }
    }
}
