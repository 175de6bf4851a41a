namespace Expotion.Music.Core.Conductor;

/// <summary>The conductor's styles. General MIDI programs are 0-based; drum keys are GM percussion keys.</summary>
public static class StyleBook
{
    // GM percussion keys used below.
    private const int Kick = 36, SideStick = 37, Snare = 38, Clap = 39, ClosedHat = 42, LowTom = 45,
        PedalHat = 44, OpenHat = 46, MidTom = 47, Ride = 51, Maracas = 70;

    public static Style Pop { get; } = new()
    {
        Name = "pop",
        Keywords = ["pop", "catchy", "radio", "chart", "mainstream"],
        Hints = ["song", "upbeat", "singalong"],
        TempoMin = 90, TempoMax = 128, TempoDefault = 108,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 89, Comp: 0, Bass: 33, Lead: 80, DrumKit: 0),
        MajorProgressions = ["I V vi IV", "vi IV I V", "I vi IV V", "IV I V vi", "I IV vi V"],
        MinorProgressions = ["i bVI bIII bVII", "i iv bVI bVII", "i bVII bVI bVII", "i bVI iv bVII"],
        Drums = new(
            Light: [new(ClosedHat, "x...x...x...x..."), new(Kick, "x...............")],
            Basic: [new(Kick, "x.......x......."), new(Snare, "....x.......x..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x.....x.x......."), new(Snare, "....X.......X..o"), new(ClosedHat, "xoxoxoxoxoxoxo.o"),
                   new(OpenHat, "..............x.")]),
        Bass = new(Low: "R-------5-------", High: "R..R..R.5..5..a."),
        Comp = new(Low: "x-------x-------", High: "x--x--x-x--x--x-"),
        MotifRhythms = ["x--x--x-x-------", "x-x-x---x-x-x---", "x---x-x-x-------", "..x-x-x-x---x---", "x-x---x-x-x-----"],
        PadStill = 0.8, PadMoving = 0.4, Reverb = 40,
    };

    public static Style Rock { get; } = new()
    {
        Name = "rock",
        Keywords = ["rock", "metal", "punk", "grunge", "indie", "hardrock"],
        Hints = ["guitar", "guitars", "heavy", "distorted", "loud", "riff"],
        TempoMin = 100, TempoMax = 150, TempoDefault = 120,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 18, Comp: 29, Bass: 34, Lead: 30, DrumKit: 16),
        MajorProgressions = ["I bVII IV I", "I IV V IV", "I V IV IV", "I bIII IV I", "vi IV I V"],
        MinorProgressions = ["i bVII bVI bVII", "i bIII bVII iv", "i bVI bIII bVII", "i iv bVII i"],
        Drums = new(
            Light: [new(ClosedHat, "x.x.x.x.x.x.x.x."), new(Kick, "x.......x.......")],
            Basic: [new(Kick, "x.......x.x....."), new(Snare, "....X.......X..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x.x.....x.x..x.."), new(Snare, "....X.......X..."), new(Ride, "x.x.x.x.x.x.x.x.")]),
        Bass = new(Low: "R-------R-------", High: "R.R.R.R.R.R.R.R."),
        Comp = new(Low: "x-------x-------", High: "s.s.s.s.s.s.s.s."),
        MotifRhythms = ["x-x-x-x-x---x---", "x--x--x-x-x-----", "x---x---x-x-x-x-"],
        PowerChords = true,
        PadStill = 0.7, PadMoving = 0.25, Reverb = 30, LeadLegato = 0.95,
    };

    public static Style Funk { get; } = new()
    {
        Name = "funk",
        Keywords = ["funk", "funky", "disco", "groove", "groovy", "soul"],
        Hints = ["slap", "clavinet", "clav", "brass"],
        TempoMin = 92, TempoMax = 118, TempoDefault = 104,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 89, Comp: 7, Bass: 36, Lead: 65, DrumKit: 0),
        MajorProgressions = ["I9 IV9 I9 V9", "I7 IV7 I7 IV7", "I9 I9 IV9 bVII9"],
        MinorProgressions = ["i7 iv7 i7 iv7", "i7 i7 IV7 IV7", "i9 bVII i9 IV7", "i7 iv7 bVII7 i7"],
        Drums = new(
            Light: [new(ClosedHat, "x.x.x.x.x.x.x.x."), new(Kick, "x.........x.....")],
            Basic: [new(Kick, "x..x......x..x.."), new(Snare, "....X.......X..."), new(ClosedHat, "xoxoxoxoxoxoxoxo")],
            Full: [new(Kick, "x..x..x...x..x.."), new(Snare, "....X..o.o..X..o"), new(ClosedHat, "xoxoxoXoxoxoxo.o"),
                   new(OpenHat, "..............x.")]),
        Bass = new(Low: "R-.....8..R.....", High: "R..8..R.5.R..8.a"),
        Comp = new(Low: "..s.......s.....", High: "..s..s.s..s..s.s"),
        MotifRhythms = ["x.x..x.x..x.....", "..x.x..x.x.x....", "x..x..x...x.x..."],
        Swing16 = 0.15,
        PadStill = 0.75, PadMoving = 0.2, Reverb = 25, LeadLegato = 0.7,
    };

    public static Style Electronic { get; } = new()
    {
        Name = "electronic",
        Keywords = ["electronic", "edm", "techno", "house", "trance", "synthwave", "electro", "dubstep", "club", "rave"],
        Hints = ["synth", "synths", "synthesizer", "dance", "808", "beat", "beats", "futuristic"],
        TempoMin = 118, TempoMax = 132, TempoDefault = 124,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 94, Comp: 90, Bass: 38, Lead: 81, DrumKit: 25),
        MajorProgressions = ["I V vi IV", "vi IV I V", "IV V iii vi"],
        MinorProgressions = ["i bVI bIII bVII", "i bVI iv bVII", "i i bVI bVII"],
        Drums = new(
            Light: [new(ClosedHat, "..x...x...x...x."), new(Kick, "x.......x.......")],
            Basic: [new(Kick, "x...x...x...x..."), new(Clap, "....x.......x..."), new(ClosedHat, "..x...x...x...x.")],
            Full: [new(Kick, "x...x...x...x..."), new(Clap, "....x.......x..."), new(ClosedHat, "xx.xxx.xxx.xxx.x"),
                   new(OpenHat, "..x...x...x...x.")]),
        Bass = new(Low: "R-------R-------", High: "..R...R...R..8R."),
        Comp = new(Low: "x---------------", High: "a.a.a.a.a.a.a.a."),
        MotifRhythms = ["x-x-x-..x-x-x-..", "x..x..x.x..x..x.", "x-..x-..x-x-x-.."],
        DrumGate = 0.15,
        PadStill = 0.8, PadMoving = 0.35, Reverb = 45, LeadLegato = 0.8,
    };

    public static Style Jazz { get; } = new()
    {
        Name = "jazz",
        Keywords = ["jazz", "jazzy", "swing", "bebop", "bossa", "blues", "bluesy"],
        Hints = ["sax", "saxophone", "trumpet", "smoky", "lounge", "club"],
        TempoMin = 100, TempoMax = 180, TempoDefault = 132,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 48, Comp: 0, Bass: 32, Lead: 66, DrumKit: 32),
        MajorProgressions = ["ii7 V7 Imaj7 Imaj7", "Imaj7 vi7 ii7 V7", "iii7 vi7 ii7 V7", "Imaj7 IV7 iii7 vi7"],
        MinorProgressions = ["iim7b5 V7 i7 i7", "i7 iv7 bVIImaj7 bIIImaj7", "i7 bVI7 iim7b5 V7"],
        Drums = new(
            Light: [new(Ride, "x...x.x.x...x.x."), new(PedalHat, "....x.......x...")],
            Basic: [new(Ride, "x...x.x.x...x.x."), new(PedalHat, "....x.......x..."), new(Kick, "o...o...o...o...")],
            Full: [new(Ride, "x...x.x.x...x.x."), new(PedalHat, "....x.......x..."), new(Kick, "o...o...o.....x."),
                   new(Snare, "......o.....o..o")]),
        Bass = new(Low: "R-------5-------", High: "w---w---w---w---"),
        Comp = new(Low: "x---------------", High: "x-----x---------"),
        MotifRhythms = ["x-x-x-x-x-x-x---", "..x-x-x-x--x-x--", "x--x-x-x--x-x---", "x-x-x-x---x-x-x-"],
        Swing8 = 0.9,
        VoicingLow = 50, VoicingHigh = 72,
        PadStill = 0.6, PadMoving = 0.25, Reverb = 35, LeadLegato = 0.85,
    };

    public static Style Ambient { get; } = new()
    {
        Name = "ambient",
        Keywords = ["ambient", "drone", "atmospheric", "meditative", "meditation", "ethereal", "spacey", "space"],
        Hints = ["calm", "peaceful", "dreamy", "soft", "relaxing", "serene", "gentle", "floating"],
        TempoMin = 60, TempoMax = 90, TempoDefault = 70,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 89, Comp: 46, Bass: 42, Lead: 73, DrumKit: 0),
        MajorProgressions = ["Imaj7 IVmaj7 Imaj7 IVmaj7", "Isus2 vi7 IVmaj7 V", "Imaj7 iii7 IVmaj7 vi7"],
        MinorProgressions = ["i7 bVImaj7 bIIImaj7 bVII", "i9 iv7 i9 bVImaj7"],
        Drums = new(
            Light: [new(Maracas, "..x...x...x...x.")],
            Basic: [new(Kick, "x.......x......."), new(Maracas, "..x...x...x...x."), new(SideStick, "....x.......x...")],
            Full: [new(Kick, "x.......x..x...."), new(Maracas, "..x...x...x...x."), new(SideStick, "....x.......x..."),
                   new(ClosedHat, "x.x.x.x.x.x.x.x.")]),
        Bass = new(Low: "R---------------", High: "R-------5-------"),
        Comp = new(Low: "a---a---a---a---", High: "a-a-a-a-a-a-a-a-"),
        MotifRhythms = ["x-------x-------", "x-----------x---", "x-------x---x---", "x-----x-x-------"],
        DrumGate = 0.45, CompGate = 0.12, MelodyGate = 0.2,
        PadStill = 0.9, PadMoving = 0.75, Reverb = 90, LeadLegato = 1.0,
    };

    public static Style Cinematic { get; } = new()
    {
        Name = "cinematic",
        Keywords = ["cinematic", "orchestral", "orchestra", "epic", "film", "soundtrack", "score", "symphonic", "trailer"],
        Hints = ["strings", "dramatic", "heroic", "horn", "horns", "adventure", "movie", "majestic"],
        TempoMin = 70, TempoMax = 110, TempoDefault = 84,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 48, Comp: 45, Bass: 43, Lead: 60, DrumKit: 48),
        MajorProgressions = ["I V vi IV", "I bVII IV I", "IV I V vi", "I iii IV V"],
        MinorProgressions = ["i bVI bIII bVII", "i bVI iv V", "i bVII bVI V", "i iv bVI V"],
        Drums = new(
            Light: [new(Kick, "x...............")],
            Basic: [new(Kick, "x.......x......."), new(MidTom, "..........x.x..."), new(Snare, "....x.......x...")],
            Full: [new(Kick, "x..x..x.x..x..x."), new(Snare, "....x.......xoxo"), new(LowTom, "..x...x...x...x.")]),
        Bass = new(Low: "R---------------", High: "R.R.R.R.R.R.R.R."),
        Comp = new(Low: "a...a...a...a...", High: "a.a.a.a.a.a.a.a."),
        MotifRhythms = ["x-----x-x-------", "x-------x---x-x-", "x---x---x-------", "x-----x-x---x---"],
        DrumGate = 0.3,
        PadStill = 0.85, PadMoving = 0.7, Reverb = 70, LeadLegato = 1.0,
    };

    public static Style LoFi { get; } = new()
    {
        Name = "lofi",
        Keywords = ["lofi", "chillhop", "hiphop", "chill", "study", "boombap"],
        Hints = ["rhodes", "mellow", "vinyl", "cozy", "rainy", "nostalgic", "jazzhop"],
        TempoMin = 70, TempoMax = 92, TempoDefault = 80,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 89, Comp: 4, Bass: 33, Lead: 11, DrumKit: 8),
        MajorProgressions = ["IVmaj7 iii7 ii7 Imaj7", "ii9 V9 Imaj9 vi7", "Imaj7 vi9 ii7 V7", "IVmaj7 V7 iii7 vi7"],
        MinorProgressions = ["i7 iv7 bVIImaj7 bIIImaj7", "i9 iv9 i9 bVImaj7", "iim7b5 V7 i7 i7"],
        Drums = new(
            Light: [new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Basic: [new(Kick, "x......x..x....."), new(Snare, "....x.......x..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x......x..x..x.."), new(Snare, "....x..o....x..."), new(ClosedHat, "x.xxx.x.x.xxx.x.")]),
        Bass = new(Low: "R-------5-------", High: "R-----R-5-----a-"),
        Comp = new(Low: "x---------------", High: "x--x------x-----"),
        MotifRhythms = ["x--x--x---------", "..x-x---x-x-----", "x-x-----x--x----"],
        Swing8 = 0.35, Swing16 = 0.5,
        VoicingLow = 50, VoicingHigh = 74,
        PadStill = 0.8, PadMoving = 0.5, Reverb = 55, LeadLegato = 0.85,
    };

    /// <summary>Every style, the default (<see cref="Pop"/>) first.</summary>
    public static IReadOnlyList<Style> All { get; } = [Pop, Rock, Funk, Electronic, Jazz, Ambient, Cinematic, LoFi];

    /// <summary>The style used when the prompt names none.</summary>
    public static Style Default => Pop;

    /// <summary>A style by name (case-insensitive), or null.</summary>
    public static Style? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
