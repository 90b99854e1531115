using ELicense.Core.Keys;
using ELicense.LicenseService.Configuration;

namespace ELicense.LicenseService.Keys;

/// <summary>Builds the <see cref="KeyProtector"/> from <see cref="KeyOptions.KekFile"/> and <see cref="KeyOptions.Keks"/>.</summary>
public static class KeyEncryptionKeys
{
    /// <exception cref="InvalidOperationException">The file is missing or malformed, a KEK is not 32 bytes of base64, or the current KEK is unknown.</exception>
    public static KeyProtector Load(KeyOptions options, IHostEnvironment environment)
    {
        var keks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var order = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.KekFile))
        {
            var path = ContentPaths.Resolve(environment, options.KekFile);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Keys:KekFile '{path}' does not exist.");
            }

            var number = 0;
            foreach (var raw in File.ReadLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2)
                {
                    throw new InvalidOperationException($"Keys:KekFile '{path}' line {number}: expected '<id> <base64 of 32 bytes>'.");
                }

                Add(parts[0], parts[1], $"Keys:KekFile '{path}' line {number}");
            }
        }

        foreach (var (id, value) in options.Keks)
        {
            Add(id, value, $"Keys:Keks:{id}");
        }

        var current = string.IsNullOrWhiteSpace(options.CurrentKek) ? order.FirstOrDefault() : options.CurrentKek;
        if (current is null || !keks.ContainsKey(current))
        {
            throw new InvalidOperationException($"Keys:CurrentKek '{current}' is not among the configured KEKs ({string.Join(", ", order)}).");
        }

        return new KeyProtector(current, keks, options.EnvelopeAlgorithm);

        void Add(string id, string base64, string where)
        {
            byte[] kek;
            try
            {
                kek = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{where}: the KEK is not base64.");
            }

            if (kek.Length != 32 || id.Length is 0 or > 64)
            {
                throw new InvalidOperationException($"{where}: a KEK has an id of 1 to 64 characters and 32 bytes of key, not {kek.Length}.");
            }

            if (!keks.TryAdd(id, kek))
            {
                throw new InvalidOperationException($"{where}: KEK id '{id}' is given twice.");
            }

            order.Add(id);
        }
    }
}
