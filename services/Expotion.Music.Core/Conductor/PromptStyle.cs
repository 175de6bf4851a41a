using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// Reads a free-text prompt (any text: empty, very long, any script) and never throws. It reads the first
/// <see cref="MaxChars"/> characters; words of five letters or more that miss a known word by one edit
/// (Damerau–Levenshtein) are read as that word ("claasical", "reggea"). Then: style words (a keyword counts 2, a
/// hint 1; ties go to the word that comes first; none → <see cref="StyleBook.Default"/>), a named key ("in D minor"),
/// mood words (sad/dark → minor, happy/bright → major), tempo ("90 bpm", "slow", "fast", "half time",
/// "double time") and instruments (<see cref="InstrumentWord"/>: each takes the first part it can play that
/// no earlier instrument took; "no drums"/"without bass"/"drumless" silence parts; "solo piano"/"just guitar"
/// keep only the named instruments). Every decision is a clause of <see cref="PromptReading.Reason"/>.
/// </summary>
public static partial class PromptStyle
{
    /// <summary>Characters of the prompt that are read; the rest is ignored (and the reason says so).</summary>
    public const int MaxChars = 2000;

    /// <summary>Words shorter than this are never corrected ("jaz" stays unknown).</summary>
    public const int MinCorrectedLength = 5;

    private static readonly string[] MinorWords =
    [
        "sad", "dark", "melancholic", "melancholy", "gloomy", "somber", "sombre", "moody", "minor", "tense",
        "tragic", "lonely", "scary", "haunting", "mysterious", "angry", "ominous", "sorrowful", "grim", "brooding",
        "mournful", "heartbroken", "bittersweet", "depressing", "eerie", "sinister", "menacing", "wistful",
    ];

    private static readonly string[] MajorWords =
    [
        "happy", "bright", "joyful", "joyous", "uplifting", "cheerful", "major", "sunny", "hopeful",
        "playful", "triumphant", "fun", "euphoric", "optimistic", "celebratory", "festive", "carefree", "jubilant",
    ];

    private static readonly string[] SlowWords =
        ["slow", "slower", "slowly", "relaxed", "calm", "gentle", "laidback", "lazy", "downtempo", "adagio", "largo", "andante", "leisurely"];

    private static readonly string[] FastWords =
        ["fast", "faster", "quick", "energetic", "driving", "uptempo", "frantic", "intense", "upbeat", "allegro", "presto", "rapid", "speedy", "brisk"];

    private static readonly string[] HalfTimeWords = ["halftime", "halfspeed"];
    private static readonly string[] DoubleTimeWords = ["doubletime", "doublespeed"];
    private static readonly string[] NegationWords = ["no", "without", "minus", "sans", "nor", "except"];
    private static readonly string[] SoloWords = ["solo", "only", "just", "alone", "unaccompanied", "lone"];
    private static readonly string[] Fillers = ["a", "an", "the", "any", "some", "and", "or", "nor", "more", "real"];

    /// <summary>Multi-word names read as one word, and spellings read as one.</summary>
    private static readonly (string From, string To)[] Phrases =
    [
        ("lo-fi", "lofi"), ("lo fi", "lofi"), ("hip-hop", "hiphop"), ("hip hop", "hiphop"), ("boom-bap", "boombap"),
        ("boom bap", "boombap"), ("hard rock", "hardrock"), ("heavy metal", "heavymetal"), ("death metal", "deathmetal"),
        ("laid-back", "laidback"), ("laid back", "laidback"), ("music box", "musicbox"), ("up-tempo", "uptempo"),
        ("up tempo", "uptempo"), ("electric piano", "epiano"), ("grand piano", "grandpiano"), ("acoustic piano", "piano"),
        ("acoustic guitar", "acousticguitar"), ("nylon-string guitar", "nylonguitar"), ("nylon guitar", "nylonguitar"),
        ("classical guitar", "classicalguitar"), ("spanish guitar", "nylonguitar"), ("electric guitar", "electricguitar"),
        ("distorted guitar", "distortedguitar"), ("bass guitar", "bassguitar"), ("electric bass", "bassguitar"),
        ("upright bass", "uprightbass"), ("double bass", "doublebass"), ("acoustic bass", "uprightbass"),
        ("slap bass", "slapbass"), ("synth bass", "synthbass"), ("synth pad", "synthpad"), ("french horn", "frenchhorn"),
        ("muted trumpet", "mutedtrumpet"), ("alto saxophone", "altosax"), ("alto sax", "altosax"),
        ("tenor saxophone", "tenorsax"), ("tenor sax", "tenorsax"), ("baritone sax", "baritonesax"),
        ("pan flute", "panflute"), ("steel drums", "steeldrums"), ("steel pan", "steeldrums"),
        ("drum machine", "drummachine"), ("drum kit", "drumkit"), ("church organ", "churchorgan"),
        ("string quartet", "quartet strings"), ("big band", "bigband"), ("bossa nova", "bossanova"), ("cha-cha", "chacha"),
        ("cha cha", "chacha"), ("one-drop", "onedrop"), ("one drop", "onedrop"), ("12-bar", "twelvebar"),
        ("12 bar", "twelvebar"), ("twelve-bar", "twelvebar"), ("twelve bar", "twelvebar"), ("half-time", "halftime"),
        ("half time", "halftime"), ("half speed", "halfspeed"), ("double-time", "doubletime"), ("double time", "doubletime"),
        ("double speed", "doublespeed"), ("old school", "oldschool"), ("old-school", "oldschool"), ("love song", "lovesong"),
        ("honky tonk", "honkytonk"), ("honky-tonk", "honkytonk"), ("r&b", "rnb"), ("rhythm and blues", "rnb"),
        ("drum and bass", "drumandbass"), ("drum n bass", "drumandbass"), ("drum & bass", "drumandbass"),
    ];

    private static readonly Dictionary<string, string> Vocabulary = BuildVocabulary();

    /// <summary>Reads <paramref name="prompt"/> (any text, possibly empty or null).</summary>
    public static PromptReading Read(string? prompt)
    {
        prompt ??= "";
        var reasons = new List<string>();
        var text = prompt;
        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
            if (char.IsHighSurrogate(text[^1])) text = text[..^1];
            reasons.Add($"read the first {MaxChars} of {prompt.Length} characters");
        }
        var raw = Words(text);
        var words = Correct(raw, reasons);

        var (style, styleWord) = ChooseStyle(words);
        reasons.Add(styleWord is not null
            ? $"'{styleWord}' -> {style.Name}"
            : $"{WhyNoStyle(text, raw)}, so {style.Name} (the default)");

        var (tonality, fromPrompt, tonic) = ChooseTonality(text, words, style, reasons);
        var (bpm, source, width, tempoReason) = ChooseTempo(text, words, style);
        if (tempoReason is not null) reasons.Add(tempoReason);
        var instruments = ChooseInstruments(words, style, reasons);

        return new PromptReading(style, string.Join("; ", reasons), tonality, fromPrompt, bpm, source, width, instruments)
        {
            TonicPc = tonic,
        };
    }

    /// <summary>
    /// Lower-case words without accents, with multi-word names ("lo-fi", "hip hop", "acoustic guitar", "half time")
    /// joined into one word. Anything that is not a letter or digit separates words.
    /// </summary>
    public static IReadOnlyList<string> Words(string prompt)
    {
        var folded = new StringBuilder(prompt.Length);
        foreach (var c in prompt)
        {
            if (c < 0x80 || char.IsSurrogate(c)) { folded.Append(char.ToLowerInvariant(c)); continue; }
            // Drop the accents of Latin letters ("música" -> "musica"); other scripts stay as they are.
            foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(d));
        }
        var text = " " + folded + " ";
        foreach (var (from, to) in Phrases)
            text = text.Replace(" " + from + " ", " " + to + " ", StringComparison.Ordinal)
                .Replace(" " + from + "s ", " " + to + " ", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A second pass joins names that punctuation had split ("hip-hop," -> "hip hop" -> "hiphop").
        var joined = " " + string.Join(' ', words) + " ";
        foreach (var (from, to) in Phrases)
        {
            if (!from.All(c => char.IsLetterOrDigit(c) || c == ' ')) continue;
            joined = joined.Replace(" " + from + " ", " " + to + " ", StringComparison.Ordinal);
        }
        return joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The Damerau–Levenshtein (optimal string alignment) distance of two words.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    private static List<string> Correct(IReadOnlyList<string> words, List<string> reasons)
    {
        var result = new List<string>(words.Count);
        var corrected = new List<string>();
        foreach (var w in words)
        {
            if (w.Length < MinCorrectedLength || Vocabulary.ContainsKey(w) || !w.All(IsLatinLetter))
            {
                result.Add(w);
                continue;
            }
            var near = Vocabulary.Keys.Where(v => Math.Abs(v.Length - w.Length) <= 1 && EditDistance(v, w) <= 1)
                .Order(StringComparer.Ordinal).ToList();
            // Ambiguous ("funny": funky or sunny) unless every near word means the same ("jazzz": jazz, jazzy).
            if (near.Count == 0 || near.Any(v => Vocabulary[v] != Vocabulary[near[0]]))
            {
                result.Add(w);
                continue;
            }
            result.Add(near[0]);
            if (corrected.Count < 5) corrected.Add($"'{w}' as '{near[0]}'");
        }
        if (corrected.Count > 0) reasons.Add("read " + string.Join(", ", corrected));
        return result;
    }

    private static bool IsLatinLetter(char c) => c is >= 'a' and <= 'z';

    private static string WhyNoStyle(string text, IReadOnlyList<string> words)
    {
        if (text.Trim().Length == 0) return "the prompt is empty";
        var letters = text.Count(char.IsLetter);
        var latin = text.Count(c => char.IsLetter(c) && c <= '\u024F');
        if (letters > 0 && latin == 0) return "the prompt has no Latin-script words this reader knows";
        if (words.Count == 0) return "the prompt has no words";
        return "no style word in the prompt";
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

    private static (Tonality Tonality, bool FromPrompt, int? TonicPc) ChooseTonality(
        string text, IReadOnlyList<string> words, Style style, List<string> reasons)
    {
        var named = KeyPattern().Match(text);
        if (named.Success)
        {
            var pc = "c d ef g a b".IndexOf(char.ToLowerInvariant(named.Groups[1].Value[0]), StringComparison.Ordinal);
            var accidental = named.Groups[2].Value.Trim().ToLowerInvariant();
            pc += accidental is "#" or "♯" or "sharp" ? 1 : accidental is "b" or "♭" or "flat" ? -1 : 0;
            var tonality = named.Groups[3].Value.StartsWith("maj", StringComparison.OrdinalIgnoreCase) ? Tonality.Major : Tonality.Minor;
            var key = new MusicalKey(MusicalKey.Mod(pc, 12), tonality);
            reasons.Add($"'{named.Value.Trim()}' -> {key.Name}");
            return (tonality, true, key.TonicPc);
        }
        var minor = words.Where(w => MinorWords.Contains(w)).ToArray();
        var major = words.Where(w => MajorWords.Contains(w)).ToArray();
        if (minor.Length == major.Length) return (style.Tonality, false, null);
        var mode = minor.Length > major.Length ? Tonality.Minor : Tonality.Major;
        reasons.Add($"'{(mode == Tonality.Minor ? minor[0] : major[0])}' -> {(mode == Tonality.Minor ? "minor" : "major")}");
        return (mode, true, null);
    }

    private static (double Bpm, string Source, double Width, string? Reason) ChooseTempo(
        string prompt, IReadOnlyList<string> words, Style style)
    {
        var match = BpmPattern().Match(prompt);
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var asked))
        {
            var bpm = Math.Clamp(asked, TempoTracker.MinBpm, TempoTracker.MaxBpm);
            var note = bpm == asked ? "" : $" (clamped to {TempoTracker.MinBpm:0}..{TempoTracker.MaxBpm:0})";
            return (bpm, "prompt", 0.25, $"'{match.Value.Trim()}' -> {bpm:0} bpm{note}");
        }
        // Half and double time move the prior an octave, so the tracker reads the motion's tempo at half or twice its rate.
        var half = words.FirstOrDefault(w => HalfTimeWords.Contains(w));
        var twice = words.FirstOrDefault(w => DoubleTimeWords.Contains(w));
        if (half is not null && twice is null)
        {
            var bpm = Math.Clamp(style.TempoDefault / 2.0, TempoTracker.MinBpm, TempoTracker.MaxBpm);
            return (bpm, "prompt", 0.35, $"'half time' -> motion read at half speed (around {bpm:0} bpm)");
        }
        if (twice is not null && half is null)
        {
            var bpm = Math.Clamp(style.TempoDefault * 2.0, TempoTracker.MinBpm, TempoTracker.MaxBpm);
            return (bpm, "prompt", 0.35, $"'double time' -> motion read at double speed (around {bpm:0} bpm)");
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

    private static Instrumentation ChooseInstruments(IReadOnlyList<string> words, Style style, List<string> reasons)
    {
        var named = new List<InstrumentWord>();
        var negated = new List<InstrumentWord>();
        var solo = false;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "drumless") { negated.Add(InstrumentWord.Find("drums")!); continue; }
            if (InstrumentWord.Find(words[i]) is not { } instrument) continue;
            if (Negated(words, i)) { negated.Add(instrument); continue; }
            if (!named.Any(n => n.Name == instrument.Name)) named.Add(instrument);
            if (SoloNear(words, i)) solo = true;
        }

        var parts = solo ? new Instrumentation(null, null, null, null, null) : style.Instruments;
        var claimed = new HashSet<InstrumentPart>();
        foreach (var instrument in named)
        {
            var part = instrument.Roles.Cast<InstrumentPart?>().FirstOrDefault(r => !claimed.Contains(r!.Value));
            if (part is not { } p)
            {
                reasons.Add($"'{instrument.Word}': every part it can play is taken");
                continue;
            }
            claimed.Add(p);
            if (p == InstrumentPart.Drums)
            {
                var kit = instrument.Word is "drums" or "drum" or "percussion" or "drumkit"
                    ? style.Instruments.DrumKit ?? instrument.Program
                    : instrument.Program;
                parts = parts.With(p, kit);
                reasons.Add($"'{instrument.Word}' -> {instrument.Name}");
                continue;
            }
            var keep = instrument.Plays(parts[p]);
            if (!keep) parts = parts.With(p, instrument.Program);
            reasons.Add($"'{instrument.Word}' -> {p.ToString().ToLowerInvariant()} ({(keep ? "the style's own " : "")}{instrument.Name})");
        }
        if (solo)
        {
            // Only the named instruments play: each also takes the rest of the parts it can play.
            foreach (var instrument in named)
                foreach (var role in instrument.Roles)
                    if (claimed.Add(role)) parts = parts.With(role, instrument.Program);
            reasons.Add($"only {string.Join(" and ", named.Select(n => n.Name))} play");
        }
        foreach (var instrument in negated)
        {
            var silenced = new List<InstrumentPart>();
            foreach (var part in Enum.GetValues<InstrumentPart>())
            {
                var hit = instrument.Roles.SequenceEqual([InstrumentPart.Drums]) ? part == InstrumentPart.Drums
                    : instrument.Roles.SequenceEqual([InstrumentPart.Bass]) ? part == InstrumentPart.Bass
                    : part != InstrumentPart.Drums && instrument.Plays(parts[part]);
                if (!hit || parts[part] is null) continue;
                parts = parts.With(part, null);
                silenced.Add(part);
            }
            reasons.Add(silenced.Count > 0
                ? $"'no {instrument.Word}' -> no {string.Join(", ", silenced.Select(s => s.ToString().ToLowerInvariant()))}"
                : $"'no {instrument.Word}': nothing plays it");
        }
        return parts;
    }

    /// <summary>Whether the instrument at <paramref name="at"/> follows "no"/"without" (through fillers and other instruments: "no bass or drums").</summary>
    private static bool Negated(IReadOnlyList<string> words, int at)
    {
        for (var i = at - 1; i >= 0 && i >= at - 6; i--)
        {
            if (NegationWords.Contains(words[i])) return true;
            if (!Fillers.Contains(words[i]) && InstrumentWord.Find(words[i]) is null) return false;
        }
        return false;
    }

    /// <summary>Whether a solo word stands next to the instrument at <paramref name="at"/> ("solo piano", "piano only", "just a piano").</summary>
    private static bool SoloNear(IReadOnlyList<string> words, int at)
    {
        for (var i = at - 1; i >= 0 && i >= at - 3; i--)
        {
            if (SoloWords.Contains(words[i])) return true;
            if (!Fillers.Contains(words[i]) && InstrumentWord.Find(words[i]) is null) break;
        }
        return at + 1 < words.Count && SoloWords.Contains(words[at + 1]);
    }

    /// <summary>Every word the reader knows, with what it means (a style's name, a mood, a tempo, an instrument).</summary>
    private static Dictionary<string, string> BuildVocabulary()
    {
        var senses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var style in StyleBook.All)
            foreach (var w in style.Keywords.Concat(style.Hints)) senses.TryAdd(w, style.Name);
        foreach (var (list, sense) in new[]
        {
            (MinorWords, "minor"), (MajorWords, "major"), (SlowWords, "slow"), (FastWords, "fast"),
            (HalfTimeWords, "halftime"), (DoubleTimeWords, "doubletime"), (SoloWords, "solo"),
        })
            foreach (var w in list) senses.TryAdd(w, sense);
        foreach (var i in InstrumentWord.All) senses.TryAdd(i.Word, i.Name);
        senses.TryAdd("drumless", "drumless");
        return senses;
    }

    [GeneratedRegex(@"(?<![\d.])(\d{1,6})\s*(?:bpm|beats per minute)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BpmPattern();

    [GeneratedRegex(@"\b([A-Ga-g])(\s?(?:#|♯|b|♭|sharp|flat)|-(?:sharp|flat))?\s*(major|minor|maj|min)\b", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
