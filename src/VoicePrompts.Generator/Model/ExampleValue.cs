using System.Globalization;

namespace VoicePrompts.Generator.Model
{
    /// <summary>
    /// A declared <c>example:</c> as the value a rendering sees: a number or a flag where the parameter is one (so
    /// <c>{{ if count == 1 }}</c> compares numbers), else the text as written. The analyzers render with it and the
    /// catalog lists it, so the review page renders what the token check counted.
    /// </summary>
    internal static class ExampleValue
    {
        public static object Of(string type, string example)
        {
            switch (Analyzers.PromptChecks.TypeKeyword(type))
            {
                case "int" or "long" or "short" or "byte" or "sbyte" or "uint" or "ulong" or "ushort"
                    when long.TryParse(example, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole):
                    return whole;
                case "double" or "float" or "decimal" when double.TryParse(example, NumberStyles.Float, CultureInfo.InvariantCulture, out double real):
                    return real;
                case "bool" when bool.TryParse(example, out bool flag):
                    return flag;
                default:
                    return example;
            }
        }

        /// <summary>The value as a C# expression of type <c>object</c>.</summary>
        public static string Literal(string type, string example) => Of(type, example) switch
        {
            long whole => "(object)" + whole.ToString(CultureInfo.InvariantCulture) + "L",
            double real when !double.IsNaN(real) && !double.IsInfinity(real) => "(object)" + Parsing.Literals.Double(real),
            bool flag => flag ? "(object)true" : "(object)false",
            _ => Parsing.Literals.String(example),
        };
    }
}
