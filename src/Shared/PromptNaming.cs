using System;
using System.Text;

namespace VoicePrompts.Shared
{
    /// <summary>Name conversions between YAML keys (snake_case) and C# names, used by the generator and tests.</summary>
    internal static class PromptNaming
    {
        /// <summary><c>order_shipped</c> → <c>OrderShipped</c>; <c>OrderShipped</c> stays.</summary>
        public static string ToPascalCase(string key) => Convert(key, upperFirst: true);

        /// <summary><c>order_id</c> → <c>orderId</c>; <c>orderId</c> stays.</summary>
        public static string ToCamelCase(string key) => Convert(key, upperFirst: false);

        private static string Convert(string key, bool upperFirst)
        {
            var sb = new StringBuilder(key.Length);
            bool upperNext = upperFirst;
            foreach (char c in key)
            {
                if (c == '_')
                {
                    // A separator capitalizes the next letter, except at the very start of a camelCase name.
                    upperNext = sb.Length > 0 || upperFirst;
                    continue;
                }
                if (sb.Length == 0)
                    sb.Append(upperFirst ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                else
                    sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            return sb.ToString();
        }

        /// <summary>
        /// The prompt's name from a C# method: without a leading <c>Speak</c>/<c>Stream</c> and a trailing <c>Async</c>
        /// (<c>SpeakOrderShippedAsync</c> → <c>OrderShipped</c>).
        /// </summary>
        public static string PromptNameFromMethod(string methodName)
        {
            string name = methodName;
            if (name.EndsWith("Async", StringComparison.Ordinal) && name.Length > "Async".Length)
                name = name.Substring(0, name.Length - "Async".Length);
            foreach (var prefix in new[] { "Speak", "Stream" })
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
                {
                    name = name.Substring(prefix.Length);
                    break;
                }
            }
            return name;
        }

        public static string SpeakMethod(string name) => "Speak" + name + "Async";
        public static string StreamMethod(string name) => "Stream" + name + "Async";
        public static string TextMethod(string name) => name + "Text";
        public static string RequestMethod(string name) => name + "Request";

        /// <summary>The four members generated for a prompt, in the order they are emitted.</summary>
        public static string[] GeneratedMembers(string name) =>
            new[] { SpeakMethod(name), StreamMethod(name), TextMethod(name), RequestMethod(name) };
    }
}
