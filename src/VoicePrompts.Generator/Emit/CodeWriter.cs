using System.Text;

namespace VoicePrompts.Generator.Emit
{
    /// <summary>A StringBuilder with indentation, as the runtime's generators use.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _text;
        private int _indent;

        /// <param name="capacity">About what the file will hold (a prompt's members are some 3–4 KB), so the builder grows rarely.</param>
        public CodeWriter(int capacity = 1024) => _text = new StringBuilder(capacity);

        public CodeWriter Line(string line = "")
        {
            if (line.Length > 0)
                _text.Append(' ', _indent * 4).Append(line);
            _text.Append('\n');
            return this;
        }

        public CodeWriter Open(string line)
        {
            Line(line);
            Line("{");
            _indent++;
            return this;
        }

        public CodeWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        public override string ToString() => _text.ToString();
    }
}
