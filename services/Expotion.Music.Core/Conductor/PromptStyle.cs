using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Reads a free-text prompt: style words (a keyword counts 2, a hint 1; ties go to the word that comes
/// first), mood words (sad/dark → minor, happy/bright → major), tempo ("120 bpm", "slow", "fast") and a
/// lead instrument. Words it does not know are ignored; no style word means <see cref="StyleBook.Default"/>.
/// </summary>
public static partial class PromptStyle
{
    private static readonly string[] MinorWords =
    [
        "sad", "dark", "melancholic", "melancholy", "gloomy", "somber", "sombre", "moody", "minor", "tense",
        "tragic", "lonely", "scary", "haunting", "mysterious", "angry", "ominous", "sorrowful", "grim",
    ];

    private static readonly string[] MajorWords =
    [
        "happy", "bright", "joyful", "joyous", "uplifting", "cheerful", "major", "sunny", "hopeful",
        "playful", "triumphant", "fun", "euphoric", "optimistic", "celebratory",
    ];

    private static readonly string[] SlowWords = ["slow", "slower", "slowly", "relaxed", "calm", "gentle", "laidback", "lazy", "downtempo"];
    private static readonly string[] FastWords = ["fast", "faster", "quick", "energetic", "driving", "uptempo", "frantic", "intense", "upbeat"];

    private static readonly (string Word, int Program, string Name)[] Leads =
    [
        ("piano", 0, "piano"), ("rhodes", 4, "electric piano"), ("epiano", 4, "electric piano"), ("organ", 16, "organ"),
        ("guitar", 27, "guitar"), ("sax", 65, "alto sax"), ("saxophone", 65, "alto sax"), ("tenor", 66, "tenor sax"),
        ("trumpet", 56, "trumpet"), ("flute", 73, "flute"), ("violin", 40, "violin"), ("cello", 42, "cello"),
        ("harp", 46, "harp"), ("horn", 60, "french horn"), ("horns", 60, "french horn"), ("choir", 52, "choir"),
        ("vibraphone", 11, "vibraphone"), ("vibes", 11, "vibraphone"), ("marimba", 12, "marimba"),
        ("bells", 8, "celesta"), ("celesta", 8, "celesta"), ("musicbox", 10, "music box"), ("clarinet", 71, "clarinet"),
        ("oboe", 68, "oboe"), ("whistle", 78, "whistle"), ("synth", 81, "saw lead"),
    ];

    /// <summary>Reads <paramref name="prompt"/> (any text, possibly empty).</summary>
    public static PromptReading Read(string prompt)
    {
        var words = Words(prompt);
        var reasons = new List<string>();

        var (style, styleWord) = ChooseStyle(words);
        reasons.Add(styleWord is null
            ? $"no style word in the prompt, so {style.Name} (the default)"
            : $"'{styleWord}' -> {style.Name}");

        var minor = words.Where(w => MinorWords.Contains(w)).ToArray();
        var major = words.Where(w => MajorWords.Contains(w)).ToArray();
        var tonality = style.Tonality;
        var fromPrompt = false;
        if (minor.Length != major.Length)
        {
            tonality = minor.Length > major.Length ? Tonality.Minor : Tonality.Major;
            fromPrompt = true;
            var moodWord = tonality == Tonality.Minor ? minor[0] : major[0];
            reasons.Add($"'{moodWord}' -> {(tonality == Tonality.Minor ? "minor" : "major")}");
        }

        var (bpm, source, width, tempoReason) = ChooseTempo(prompt, words, style);
        if (tempoReason is not null) reasons.Add(tempoReason);

        int? lead = null;
        foreach (var w in words)
        {
            var match = Array.FindIndex(Leads, l => l.Word == w);
            if (match < 0) continue;
            lead = Leads[match].Word == "guitar" && style == StyleBook.Rock ? 30 : Leads[match].Program;
            reasons.Add($"'{w}' -> {Leads[match].Name} lead");
            break;
        }

        return new PromptReading(style, string.Join("; ", reasons), tonality, fromPrompt, bpm, source, width, lead);
    }

    /// <summary>Lower-case words, with "lo-fi", "hip hop" and the like joined into one word.</summary>
    public static IReadOnlyList<string> Words(string prompt)
    {
        var text = prompt.ToLowerInvariant()
            .Replace("lo-fi", "lofi", StringComparison.Ordinal).Replace("lo fi", "lofi", StringComparison.Ordinal)
            .Replace("hip-hop", "hiphop", StringComparison.Ordinal).Replace("hip hop", "hiphop", StringComparison.Ordinal)
            .Replace("hard rock", "hardrock", StringComparison.Ordinal).Replace("laid-back", "laidback", StringComparison.Ordinal)
            .Replace("laid back", "laidback", StringComparison.Ordinal).Replace("music box", "musicbox", StringComparison.Ordinal)
            .Replace("up-tempo", "uptempo", StringComparison.Ordinal).Replace("electric piano", "epiano", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (Style Style, string? Word) ChooseStyle(IReadOnlyList<string> words)
    {
        Style? best = null;
        string? bestWord = null;
        var bestScore = 0;
        var bestFirst = int.MaxValue;
        foreach (var style in StyleBook.All)
        {
            var score = 0;
            var first = int.MaxValue;
            string? firstWord = null;
            for (var i = 0; i < words.Count; i++)
            {
                var weight = style.Keywords.Contains(words[i]) ? 2 : style.Hints.Contains(words[i]) ? 1 : 0;
                if (weight == 0) continue;
                score += weight;
                if (i < first) { first = i; firstWord = words[i]; }
            }
            if (score > bestScore || (score == bestScore && score > 0 && first < bestFirst))
                (best, bestWord, bestScore, bestFirst) = (style, firstWord, score, first);
        }
        return (best ?? StyleBook.Default, bestWord);
    }

    private static (double Bpm, string Source, double Width, string? Reason) ChooseTempo(
        string prompt, IReadOnlyList<string> words, Style style)
    {
        var match = BpmPattern().Match(prompt);
        if (match.Success)
        {
            var asked = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var bpm = Math.Clamp(asked, TempoTracker.MinBpm, TempoTracker.MaxBpm);
            var note = bpm == asked ? "" : $" (clamped to {TempoTracker.MinBpm:0}..{TempoTracker.MaxBpm:0})";
            return (bpm, "prompt", 0.25, $"'{match.Value.Trim()}' -> {bpm:0} bpm{note}");
        }
        var range = style.TempoMax - style.TempoMin;
        var slow = words.FirstOrDefault(w => SlowWords.Contains(w));
        var fast = words.FirstOrDefault(w => FastWords.Contains(w));
        if (slow is not null && fast is null)
            return (style.TempoMin + 0.2 * range, "prompt", 0.5, $"'{slow}' -> slow end of {style.TempoMin}..{style.TempoMax} bpm");
        if (fast is not null && slow is null)
            return (style.TempoMax - 0.2 * range, "prompt", 0.5, $"'{fast}' -> fast end of {style.TempoMin}..{style.TempoMax} bpm");
        return (style.TempoDefault, "default", 0.8, null);
    }

    [GeneratedRegex(@"(\d{2,3})\s*(?:bpm|beats per minute)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BpmPattern();
}
