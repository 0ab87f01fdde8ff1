using System;
using System.Collections.Generic;
using System.Globalization;

namespace VoicePrompts.Generator.Parsing
{
    /// <summary>Culture names as .NET knows them, for variant files (<c>Menu.fr.voice.yaml</c>) and <c>Culture = "fr"</c>.</summary>
    internal static class CultureNames
    {
        private static readonly Lazy<Dictionary<string, string>?> Known = new(Load);

        /// <summary>
        /// The name as .NET writes it (<c>de-ch</c> → <c>de-CH</c>), or null when .NET does not know the culture. Where
        /// the compiler runs without culture data (invariant globalization mode) every well-formed tag is accepted as written.
        /// </summary>
        public static string? Normalize(string name)
        {
            if (name.Length == 0 || !IsWellFormed(name))
                return null;
            var known = Known.Value;
            if (known is null)
                return name;
            return known.TryGetValue(name, out var canonical) ? canonical : null;
        }

        /// <summary>A BCP 47 shape: a 2–3 letter language, then subtags of 1–8 letters or digits.</summary>
        public static bool IsWellFormed(string name)
        {
            var parts = name.Split('-');
            if (parts[0].Length is < 2 or > 3 || !AllLetters(parts[0]))
                return false;
            for (int i = 1; i < parts.Length; i++)
            {
                if (parts[i].Length is < 1 or > 8) return false;
                foreach (char c in parts[i])
                    if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')) return false;
            }
            return true;
        }

        private static bool AllLetters(string s)
        {
            foreach (char c in s)
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')) return false;
            return true;
        }

        private static Dictionary<string, string>? Load()
        {
            try
            {
                var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var culture in CultureInfo.GetCultures(CultureTypes.AllCultures))
                    if (culture.Name.Length > 0)
                        map[culture.Name] = culture.Name;
                return map.Count > 1 ? map : null; // invariant mode lists the invariant culture alone
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
