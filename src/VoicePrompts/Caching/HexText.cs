namespace VoicePrompts.Caching
{
    /// <summary>Lowercase hex, for keys and checksums (names and JSON need no escaping).</summary>
    internal static class HexText
    {
        public static string Of(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[bytes[i] & 15];
            }
            return new string(chars);
        }
    }
}
