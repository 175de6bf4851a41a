using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Reads a free-text prompt: style words (a keyword counts 2, a hint 1; ties go to the word that comes
/// first), mood words (sad/dark → minor, happy/bright → major), tempo ("120 bpm", "slow", "fast"), the
/// instruments it names (lead, comping, pad, bass; "no drums") and small typos of known words. Words it does
/// not know are ignored; no style word (an empty, unknown or non-Latin prompt) means
/// <see cref="StyleBook.Default"/>, with the reason. It never throws.
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

    private static readonly string[] SlowWords = ["slow", "slower", "slowly", "relaxed", "calm", "gentle", "laidback", "lazy", "downtempo", "halftime"];
    private static readonly string[] FastWords = ["fast", "faster", "quick", "energetic", "driving", "uptempo", "frantic", "intense", "upbeat", "doubletime"];

    /// <summary>How a named instrument is used: the melody (or, named after the lead, comping), held chords, or the bass line.</summary>
    private enum Role { Melodic, Chordal, Pad, Bass }

    private static readonly (string Word, int Program, string Name, Role Role)[] Named =
    [
        ("piano", 0, "piano", Role.Chordal), ("rhodes", 4, "electric piano", Role.Chordal), ("epiano", 4, "electric piano", Role.Chordal),
        ("organ", 16, "organ", Role.Chordal), ("harpsichord", 6, "harpsichord", Role.Chordal), ("accordion", 21, "accordion", Role.Chordal),
        ("guitar", 27, "guitar", Role.Chordal), ("guitars", 27, "guitar", Role.Chordal), ("acousticguitar", 25, "acoustic guitar", Role.Chordal),
        ("banjo", 105, "banjo", Role.Chordal), ("mandolin", 105, "mandolin", Role.Chordal), ("ukulele", 24, "ukulele", Role.Chordal),
        ("harp", 46, "harp", Role.Chordal), ("clavinet", 7, "clavinet", Role.Chordal), ("brass", 61, "brass section", Role.Chordal),
        ("sax", 65, "alto sax", Role.Melodic), ("saxophone", 65, "alto sax", Role.Melodic), ("tenor", 66, "tenor sax", Role.Melodic),
        ("trumpet", 56, "trumpet", Role.Melodic), ("trombone", 57, "trombone", Role.Melodic), ("flute", 73, "flute", Role.Melodic),
        ("violin", 40, "violin", Role.Melodic), ("fiddle", 110, "fiddle", Role.Melodic), ("cello", 42, "cello", Role.Melodic),
        ("horn", 60, "french horn", Role.Melodic), ("horns", 60, "french horn", Role.Melodic),
        ("vibraphone", 11, "vibraphone", Role.Melodic), ("vibes", 11, "vibraphone", Role.Melodic), ("marimba", 12, "marimba", Role.Melodic),
        ("xylophone", 13, "xylophone", Role.Melodic), ("bells", 8, "celesta", Role.Melodic), ("celesta", 8, "celesta", Role.Melodic),
        ("musicbox", 10, "music box", Role.Melodic), ("clarinet", 71, "clarinet", Role.Melodic), ("oboe", 68, "oboe", Role.Melodic),
        ("whistle", 78, "whistle", Role.Melodic), ("harmonica", 22, "harmonica", Role.Melodic), ("synth", 81, "saw lead", Role.Melodic),
        ("sitar", 104, "sitar", Role.Melodic), ("bagpipe", 109, "bagpipe", Role.Melodic), ("bagpipes", 109, "bagpipe", Role.Melodic),
        ("strings", 48, "strings", Role.Pad), ("choir", 52, "choir", Role.Pad), ("pad", 89, "warm pad", Role.Pad), ("pads", 89, "warm pad", Role.Pad),
        ("bass", -1, "bass", Role.Bass), ("doublebass", 32, "acoustic bass", Role.Bass), ("synthbass", 38, "synth bass", Role.Bass),
        ("slapbass", 36, "slap bass", Role.Bass),
    ];

    private const string NoDrums = "nodrums";

    /// <summary>At most this many characters of a prompt are read; the rest is ignored (the reason says so).</summary>
    public const int MaxReadChars = 2000;

    /// <summary>Every word the reader knows, for typo correction, with what it means (a style, a mood, a tempo, an instrument).</summary>
    private static readonly Dictionary<string, string> Vocabulary = BuildVocabulary();

    private static Dictionary<string, string> BuildVocabulary()
    {
        var senses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var style in StyleBook.All)
            foreach (var w in style.Keywords.Concat(style.Hints)) senses.TryAdd(w, style.Name);
        foreach (var (words, sense) in new[] { (MinorWords, "minor"), (MajorWords, "major"), (SlowWords, "slow"), (FastWords, "fast") })
            foreach (var w in words) senses.TryAdd(w, sense);
        foreach (var n in Named) senses.TryAdd(n.Word, n.Name);
        senses.TryAdd("drums", "drums");
        return senses;
    }

    /// <summary>Reads <paramref name="prompt"/> (any text, possibly empty).</summary>
    public static PromptReading Read(string prompt)
    {
        prompt ??= "";
        var reasons = new List<string>();
        if (prompt.Length > MaxReadChars)
        {
            reasons.Add($"read the first {MaxReadChars} of {prompt.Length} characters");
            prompt = prompt[..MaxReadChars];
        }
        var (words, corrections) = Corrected(Words(prompt));

        var (style, styleWord) = ChooseStyle(words);
        reasons.Add(styleWord is not null ? $"'{styleWord}' -> {style.Name}"
            : prompt.Any(char.IsLetter) && !prompt.Any(IsLatinLetter) ? $"the prompt has no Latin-script words (style words are read in English), so {style.Name} (the default)"
            : prompt.Trim().Length == 0 ? $"an empty prompt, so {style.Name} (the default)"
            : $"no style word in the prompt, so {style.Name} (the default)");
        if (corrections.Count > 0) reasons.Insert(0, "read " + string.Join(", ", corrections.Select(c => $"'{c.Typed}' as '{c.Meant}'")));

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

        var (instruments, lead, drums) = ChooseInstruments(words, style, reasons);
        return new PromptReading(style, string.Join("; ", reasons), tonality, fromPrompt, bpm, source, width, lead, instruments, drums);
    }

    /// <summary>
    /// The instruments the prompt names, in order: the first (not a bass, strings or pad) plays the lead, as
    /// today; bass words set the bass; strings, choir and pads the pad; further ones the comping, then the pad.
    /// </summary>
    private static (Instrumentation Instruments, int? Lead, bool Drums) ChooseInstruments(IReadOnlyList<string> words, Style style, List<string> reasons)
    {
        var i = style.Instruments;
        int? lead = null, comp = null, pad = null, bass = null;
        var drums = !words.Contains(NoDrums);
        if (!drums) reasons.Add("'no drums' -> no drums");
        foreach (var w in words.Distinct())
        {
            var n = Array.FindIndex(Named, x => x.Word == w);
            if (n < 0) continue;
            var (_, program, name, role) = Named[n];
            if (w is "guitar" or "guitars" && (style == StyleBook.Rock || style == StyleBook.Metal)) (program, name) = (30, "distortion guitar");
            string? part = null;
            if (role == Role.Bass) { if (bass is null) { bass = program < 0 ? i.Bass : program; part = "bass"; } }
            else if (role == Role.Pad) { if (pad is null) { pad = program; part = "pad"; } else if (comp is null) { comp = program; part = "comping"; } }
            else if (lead is null) { lead = program; part = "lead"; }
            else if (comp is null) { comp = program; part = "comping"; }
            else if (pad is null) { pad = program; part = "pad"; }
            if (part is not null) reasons.Add($"'{w}' -> {name} {part}");
        }
        return (new Instrumentation(pad ?? i.Pad, comp ?? i.Comp, bass ?? i.Bass, lead ?? i.Lead, i.DrumKit), lead, drums);
    }

    private static bool IsLatinLetter(char c) => char.IsLetter(c) && c <= '\u024F';

    /// <summary>
    /// Unknown words of five letters or more within one edit (eight or more: two) of exactly one known word
    /// are read as that word ("jaz" stays unknown, "orchestal" is "orchestral").
    /// </summary>
    private static (List<string> Words, List<(string Typed, string Meant)> Corrections) Corrected(IReadOnlyList<string> words)
    {
        var result = new List<string>(words.Count);
        var corrections = new List<(string, string)>();
        foreach (var w in words)
        {
            if (w.Length < 5 || Vocabulary.ContainsKey(w) || w.Any(char.IsDigit)) { result.Add(w); continue; }
            var limit = w.Length >= 8 ? 2 : 1;
            var near = Vocabulary.Keys.Select(v => (Word: v, Distance: Distance(w, v, limit))).Where(x => x.Distance <= limit).ToList();
            var best = near.Count == 0 ? [] : near.Where(x => x.Distance == near.Min(n => n.Distance)).OrderBy(x => x.Word, StringComparer.Ordinal).ToList();
            // Ambiguous ("funny": funky or sunny) unless every nearest word means the same ("jazzz": jazz, jazzy).
            if (best.Count > 0 && best.All(b => Vocabulary[b.Word] == Vocabulary[best[0].Word]))
            {
                result.Add(best[0].Word);
                corrections.Add((w, best[0].Word));
            }
            else result.Add(w);
        }
        return (result, corrections);
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), or limit + 1 when over it.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var x = 0; x <= a.Length; x++) d[x, 0] = x;
        for (var y = 0; y <= b.Length; y++) d[0, y] = y;
        for (var x = 1; x <= a.Length; x++)
            for (var y = 1; y <= b.Length; y++)
            {
                var cost = a[x - 1] == b[y - 1] ? 0 : 1;
                d[x, y] = Math.Min(Math.Min(d[x - 1, y] + 1, d[x, y - 1] + 1), d[x - 1, y - 1] + cost);
                if (x > 1 && y > 1 && a[x - 1] == b[y - 2] && a[x - 2] == b[y - 1]) d[x, y] = Math.Min(d[x, y], d[x - 2, y - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>Lower-case words, with "lo-fi", "hip hop" and the like joined into one word.</summary>
    public static IReadOnlyList<string> Words(string prompt)
    {
        var text = prompt.ToLowerInvariant()
            .Replace("lo-fi", "lofi", StringComparison.Ordinal).Replace("lo fi", "lofi", StringComparison.Ordinal)
            .Replace("hip-hop", "hiphop", StringComparison.Ordinal).Replace("hip hop", "hiphop", StringComparison.Ordinal)
            .Replace("hard rock", "hardrock", StringComparison.Ordinal).Replace("laid-back", "laidback", StringComparison.Ordinal)
            .Replace("laid back", "laidback", StringComparison.Ordinal).Replace("music box", "musicbox", StringComparison.Ordinal)
            .Replace("up-tempo", "uptempo", StringComparison.Ordinal).Replace("electric piano", "epiano", StringComparison.Ordinal)
            .Replace("no drums", NoDrums, StringComparison.Ordinal).Replace("without drums", NoDrums, StringComparison.Ordinal)
            .Replace("drumless", NoDrums, StringComparison.Ordinal).Replace("no percussion", NoDrums, StringComparison.Ordinal)
            .Replace("double bass", "doublebass", StringComparison.Ordinal).Replace("upright bass", "doublebass", StringComparison.Ordinal)
            .Replace("synth bass", "synthbass", StringComparison.Ordinal).Replace("slap bass", "slapbass", StringComparison.Ordinal)
            .Replace("acoustic guitar", "acousticguitar", StringComparison.Ordinal).Replace("heavy metal", "heavymetal", StringComparison.Ordinal)
            .Replace("bossa nova", "bossanova", StringComparison.Ordinal).Replace("rock and roll", "rocknroll", StringComparison.Ordinal)
            .Replace("rock n roll", "rocknroll", StringComparison.Ordinal).Replace("big band", "bigband", StringComparison.Ordinal)
            .Replace("12 bar", "twelvebar", StringComparison.Ordinal).Replace("twelve bar", "twelvebar", StringComparison.Ordinal)
            .Replace("love song", "lovesong", StringComparison.Ordinal)
            .Replace("half-time", "halftime", StringComparison.Ordinal).Replace("half time", "halftime", StringComparison.Ordinal)
            .Replace("double-time", "doubletime", StringComparison.Ordinal).Replace("double time", "doubletime", StringComparison.Ordinal);
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
