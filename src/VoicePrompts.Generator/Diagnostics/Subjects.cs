namespace VoicePrompts.Generator.Diagnostics
{
    /// <summary>
    /// How messages name things, shared by the analyzers and the parsers (whose failure text is the same sentence):
    /// the declaration a value belongs to — the first word of a sentence — and speeds.
    /// </summary>
    internal static class Subjects
    {
        public static string Prompt(string name) => "Prompt '" + name + "'";

        public static string Class(string name) => "Class '" + name + "'";

        public static string File(string path) => "'" + System.IO.Path.GetFileName(path) + "'";

        public static string Speed(double speed) => speed.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture);
    }
}
