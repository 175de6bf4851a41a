namespace Expotion.Music.Core.Conductor;

/// <summary>The conductor's styles. General MIDI programs are 0-based; drum keys are GM percussion keys.</summary>
public static class StyleBook
{
    // GM percussion keys used below.
    private const int Kick = 36, SideStick = 37, Snare = 38, Clap = 39, ClosedHat = 42, LowTom = 45,
        PedalHat = 44, OpenHat = 46, MidTom = 47, Ride = 51, Maracas = 70, Tambourine = 54, Cowbell = 56,
        HighConga = 63, LowConga = 64, HighTimbale = 65, Claves = 75, Shaker = 82, FloorTom = 41, Crash = 49;

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
        Keywords = ["rock", "punk", "grunge", "indie", "hardrock", "alternative", "garage"],
        Hints = ["guitar", "guitars", "distorted", "loud", "riff", "anthem"],
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
        Keywords = ["electronic", "edm", "house", "trance", "synthwave", "electro", "dubstep", "club", "electronica", "synthpop"],
        Hints = ["synth", "synths", "synthesizer", "dance", "beat", "beats", "futuristic", "retro"],
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
        Keywords = ["jazz", "jazzy", "swing", "bebop", "bigband", "fusion", "ragtime"],
        Hints = ["sax", "saxophone", "trumpet", "smoky", "lounge", "club", "improvised"],
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
        Keywords = ["cinematic", "orchestral", "orchestra", "epic", "film", "soundtrack", "score", "trailer", "blockbuster"],
        Hints = ["strings", "dramatic", "heroic", "horn", "horns", "adventure", "movie", "majestic", "suspense"],
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
        Keywords = ["lofi", "chillhop", "chill", "study", "jazzhop", "chillout"],
        Hints = ["rhodes", "mellow", "vinyl", "cozy", "rainy", "nostalgic"],
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

    public static Style Ballad { get; } = new()
    {
        Name = "ballad",
        Keywords = ["ballad", "ballads", "lovesong", "lullaby", "torch"],
        Hints = ["piano", "tender", "heartfelt", "emotional", "romantic", "sentimental", "love", "intimate"],
        TempoMin = 60, TempoMax = 84, TempoDefault = 70,
        Tonality = Tonality.Major,
        // A piano ballad: the piano plays the broken chords, the left hand (bass) and the tune; slow strings hold.
        Instruments = new(Pad: 49, Comp: 0, Bass: 0, Lead: 0, DrumKit: 40),
        MajorProgressions = ["I V vi IV", "I iii IV V", "I vi ii V", "IV V iii vi", "I IV ii V"],
        MinorProgressions = ["i iv V i", "i bVI iv V", "i bVII bVI V", "i iv bVII V"],
        Drums = new(
            Light: [new(SideStick, "....x.......x...")],
            Basic: [new(Kick, "x.......x......."), new(SideStick, "....x.......x..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x.......x.x....."), new(Snare, "....x.......x..."), new(Ride, "x.x.x.x.x.x.x.x.")]),
        Bass = new(Low: "R---------------", High: "R-------5-------"),
        Comp = new(Low: "a---a---a---a---", High: "a-a-a-a-a-a-a-a-"),
        MotifRhythms = ["x-----x-x-------", "x---x---x-------", "x-----x---x-x---", "x-x-x-----------"],
        DrumGate = 0.35, CompGate = 0.15,
        VoicingLow = 55, VoicingHigh = 79,
        PadStill = 0.7, PadMoving = 0.45, Reverb = 60, LeadLegato = 1.0,
    };

    public static Style HipHop { get; } = new()
    {
        Name = "hiphop",
        Keywords = ["hiphop", "rap", "boombap", "trap", "rapper", "oldschool", "breakbeat"],
        Hints = ["beats", "street", "urban", "gritty", "bars", "cypher", "808"],
        TempoMin = 85, TempoMax = 100, TempoDefault = 92,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 48, Comp: 0, Bass: 38, Lead: 62, DrumKit: 0),
        MajorProgressions = ["Imaj7 vi7 ii7 V7", "IVmaj7 iii7 vi7 vi7", "Imaj7 Imaj7 IVmaj7 IVmaj7"],
        MinorProgressions = ["i7 iv7 i7 V7", "i7 bVImaj7 iv7 V7", "i9 i9 iv9 iv9", "i7 iv7 bVI7 V7"],
        Drums = new(
            Light: [new(Kick, "x.........x....."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Basic: [new(Kick, "x......x..x....."), new(Snare, "....X.......X..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x......x..x..x.."), new(Snare, "....X.......X..."), new(ClosedHat, "x.x.x.xxx.x.x.x."),
                   new(OpenHat, "..............x.")]),
        Bass = new(Low: "R-------......R-", High: "R-.....R..R...a-"),
        Comp = new(Low: "s.......s.......", High: "s..s....s..s..s."),
        MotifRhythms = ["x.x...x.x.......", "..x.x...x...x...", "x...x.x.....x..."],
        Swing16 = 0.55,
        DrumGate = 0.12,
        PadStill = 0.6, PadMoving = 0.3, Reverb = 25, LeadLegato = 0.7,
    };

    public static Style Classical { get; } = new()
    {
        Name = "classical",
        Keywords = ["classical", "chamber", "baroque", "quartet", "sonata", "concerto", "symphony", "symphonic", "mozart", "bach", "beethoven", "chopin", "vivaldi", "minuet", "etude"],
        Hints = ["elegant", "refined", "violin", "cello", "viola", "harpsichord", "recital", "orchestral", "orchestra"],
        TempoMin = 66, TempoMax = 132, TempoDefault = 96,
        Tonality = Tonality.Major,
        // A string quartet: viola broken chords (Alberti figures), cello bass, first violin melody, a soft string body.
        Instruments = new(Pad: 48, Comp: 41, Bass: 42, Lead: 40, DrumKit: null),
        MajorProgressions = ["I IV V I", "I vi IV V", "I ii V I", "I IV I V", "I V vi IV"],
        MinorProgressions = ["i iv V i", "i bVI iv V", "i iv i V", "i bVI bIII V"],
        Drums = new(
            Light: [new(FloorTom, "x...............")],
            Basic: [new(FloorTom, "x.......x.......")],
            Full: [new(FloorTom, "x...x...x...x...")]),
        Bass = new(Low: "R-------5-------", High: "R---5---R---5---"),
        Comp = new(Low: "a---a---a---a---", High: "a.a.a.a.a.a.a.a."),
        MotifRhythms = ["x-x-x-x-x-------", "x---x-x-x---x---", "x-x-x-x-x-x-x-x-", "x-----x-x-x-x---"],
        CompGate = 0.15, MelodyGate = 0.2,
        VoicingLow = 55, VoicingHigh = 79,
        PadStill = 0.75, PadMoving = 0.35, Reverb = 65, LeadLegato = 0.95,
    };

    public static Style Latin { get; } = new()
    {
        Name = "latin",
        Keywords = ["latin", "salsa", "bossa", "bossanova", "samba", "rumba", "mambo", "chacha", "cumbia", "merengue",
            "clave", "tumbao", "montuno", "tango", "flamenco", "brazilian", "cuban"],
        Hints = ["tropical", "caribbean", "conga", "congas", "bongos", "spicy", "nylon"],
        TempoMin = 96, TempoMax = 140, TempoDefault = 120,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 48, Comp: 24, Bass: 32, Lead: 73, DrumKit: 0),
        MajorProgressions = ["Imaj7 ii7 V7 Imaj7", "Imaj7 VI7 ii7 V7", "ii7 V7 Imaj7 Imaj7", "Imaj7 IV7 iii7 V7"],
        MinorProgressions = ["i7 iv7 V7 i7", "iim7b5 V7 i7 i7", "i iv V7 i", "i7 bVI7 V7 i7"],
        Drums = new(
            Light: [new(Claves, "x..x...x..x.x..."), new(Shaker, "x.x.x.x.x.x.x.x.")],
            Basic: [new(Claves, "x..x...x..x.x..."), new(Kick, "x..x....x..x...."), new(SideStick, "...x..x...x..x.."),
                    new(Shaker, "x.x.x.x.x.x.x.x.")],
            Full: [new(Claves, "x..x...x..x.x..."), new(Kick, "x..x....x..x...."), new(HighConga, "..x...xx..x...xx"),
                   new(LowConga, "......x.......x."), new(Cowbell, "x.x.x.x.x.x.x.x."), new(HighTimbale, "..............xx")]),
        Bass = new(Low: "R-....5-R-....5-", High: "R.....5-..R.5-.a"),
        Comp = new(Low: "x..x..x...x..x..", High: "s.ss.s.s.ss.s.s."),
        MotifRhythms = ["x..x..x...x.x...", "x.x..x.x..x.....", "..x.x..x.x..x...", "x...x..x..x.x..."],
        PadStill = 0.6, PadMoving = 0.2, Reverb = 35, LeadLegato = 0.8,
    };

    public static Style Reggae { get; } = new()
    {
        Name = "reggae",
        Keywords = ["reggae", "dub", "ska", "rocksteady", "dancehall", "jamaican", "rasta", "onedrop", "roots"],
        Hints = ["island", "skank", "offbeat", "sunshine", "beach", "irie"],
        TempoMin = 66, TempoMax = 96, TempoDefault = 76,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 16, Comp: 27, Bass: 33, Lead: 61, DrumKit: 0),
        MajorProgressions = ["I IV I V", "I IV V IV", "I vi IV V", "I I IV IV", "I V IV V"],
        MinorProgressions = ["i iv i V", "i iv V i", "i bVII i V", "i bVI iv V"],
        // One drop: kick and rim together on beat 3 only, hats on the swung eighths.
        Drums = new(
            Light: [new(ClosedHat, "x.x.x.x.x.x.x.x."), new(SideStick, "........x.......")],
            Basic: [new(Kick, "........x......."), new(SideStick, "........x......."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "........x......."), new(Snare, "........X......o"), new(ClosedHat, "x.xxx.xxx.xxx.xx"),
                   new(OpenHat, "..............x.")]),
        Bass = new(Low: "R-----5-R-......", High: "R--R..5.8-..5.a."),
        // The skank: short chords on every offbeat.
        Comp = new(Low: "..s...s...s...s.", High: "..s...s...s...ss"),
        MotifRhythms = ["x-..x-..x-------", "..x-x-..x-x-....", "x--x--x-x-------"],
        Swing8 = 0.3,
        DrumGate = 0.15,
        PadStill = 0.6, PadMoving = 0.3, Reverb = 45, LeadLegato = 0.85,
    };

    public static Style Metal { get; } = new()
    {
        Name = "metal",
        Keywords = ["metal", "heavymetal", "thrash", "metalcore", "deathmetal", "djent", "doom", "headbang", "headbanging"],
        Hints = ["heavy", "brutal", "aggressive", "distorted", "shred", "shredding", "chug"],
        TempoMin = 120, TempoMax = 180, TempoDefault = 150,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 48, Comp: 30, Bass: 34, Lead: 30, DrumKit: 16),
        MajorProgressions = ["I bVII bVI bVII", "I bVI bVII I", "I bIII IV I"],
        MinorProgressions = ["i bVI bVII i", "i bII bVII i", "i i bVI V", "i iv bVI V"],
        // Double kick: sixteenth kicks under the backbeat at full intensity.
        Drums = new(
            Light: [new(Kick, "x.x.x.x.x.x.x.x."), new(ClosedHat, "x...x...x...x...")],
            Basic: [new(Kick, "x.x.x.x.x.x.x.x."), new(Snare, "....X.......X..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "xxxxxxxxxxxxxxxx"), new(Snare, "....X.......X..."), new(Ride, "x.x.x.x.x.x.x.x."),
                   new(Crash, "x...............")]),
        Bass = new(Low: "R.R.R.R.R.R.R.R.", High: "RRRRRRRRRRRRRRRR"),
        Comp = new(Low: "x.x.x.x.x.x.x.x.", High: "ssssssssssssssss"),
        MotifRhythms = ["x-x-x-x-x-x-x-x-", "x-xxx-xxx-x-x---", "x---x---x-x-x-x-"],
        PowerChords = true,
        DrumGate = 0.12,
        PadStill = 0.6, PadMoving = 0.15, Reverb = 25, LeadLegato = 0.95,
    };

    public static Style Folk { get; } = new()
    {
        Name = "folk",
        Keywords = ["folk", "country", "bluegrass", "americana", "western", "cowboy", "honkytonk", "folky", "hoedown", "celtic"],
        Hints = ["acoustic", "banjo", "fiddle", "twang", "barn", "rural", "campfire", "train", "prairie"],
        TempoMin = 90, TempoMax = 140, TempoDefault = 112,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 48, Comp: 25, Bass: 32, Lead: 110, DrumKit: 40),
        MajorProgressions = ["I IV V I", "I I IV V", "I V IV I", "I IV I V", "I vi IV V"],
        MinorProgressions = ["i iv V i", "i bVII bVI V", "i bIII bVII i", "i iv i V"],
        // The train beat: brushed sixteenths on the snare, accents on 2 and 4, kick on 1 and 3.
        Drums = new(
            Light: [new(SideStick, "....x.......x...")],
            Basic: [new(Kick, "x.......x......."), new(Snare, "....X.......X..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x.......x......."), new(Snare, "ooxoXoxoooxoXoxo")]),
        // Boom-chick: root and fifth on 1 and 3, the guitar strums 2 and 4.
        Bass = new(Low: "R-------5-------", High: "R---5---R---5---"),
        Comp = new(Low: "....x-......x-..", High: "..x.x-x...x.x-x."),
        MotifRhythms = ["x-x-x-x-x-------", "x---x-x-x-x-----", "x-x-x---x-x-x---"],
        PadStill = 0.55, PadMoving = 0.2, Reverb = 30, LeadLegato = 0.85,
    };

    public static Style Blues { get; } = new()
    {
        Name = "blues",
        Keywords = ["blues", "bluesy", "shuffle", "delta", "twelvebar", "boogie", "juke"],
        Hints = ["harmonica", "soulful", "whiskey", "smoky", "gritty", "slide"],
        TempoMin = 66, TempoMax = 126, TempoDefault = 96,
        Tonality = Tonality.Major,
        Instruments = new(Pad: 16, Comp: 27, Bass: 32, Lead: 22, DrumKit: 0),
        PhraseBars = 12,
        // The tonic's arrivals (bars 1, 3, 7 and 11) are I6, the boogie's sixth: a dominant seventh on every tonic bar
        // makes I sound like V of IV.
        MajorProgressions = ["I6 IV7 I6 I7 IV7 IV7 I6 I7 V7 IV7 I6 V7", "I6 I7 I6 I7 IV7 IV7 I6 I7 V7 IV7 I6 V7"],
        MinorProgressions = ["i7 iv7 i7 i7 iv7 iv7 i7 i7 bVI7 V7 i7 V7", "i7 i7 i7 i7 iv7 iv7 i7 i7 V7 iv7 i7 V7"],
        // The shuffle: triplet-swung eighths on the hats, backbeat snare.
        Drums = new(
            Light: [new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Basic: [new(Kick, "x.......x.....x."), new(Snare, "....x.......x..."), new(ClosedHat, "x.x.x.x.x.x.x.x.")],
            Full: [new(Kick, "x...x...x...x..."), new(Snare, "....X.......X..o"), new(Ride, "x.x.x.x.x.x.x.x.")]),
        Bass = new(Low: "R-..5-..R-..5-..", High: "R.3.5.7.8.7.5.3."),
        Comp = new(Low: "x-------x-------", High: "x.s...s.x.s...s."),
        MotifRhythms = ["x.x.x---x-------", "..x.x.x-x-------", "x---x.x.x.x-----"],
        Swing8 = 1.0,
        PadStill = 0.6, PadMoving = 0.3, Reverb = 35, LeadLegato = 0.85,
    };

    public static Style Techno { get; } = new()
    {
        Name = "techno",
        Keywords = ["techno", "minimal", "industrial", "acid", "warehouse", "rave", "hardstyle", "detroit", "berlin"],
        Hints = ["pulsing", "hypnotic", "machine", "underground", "relentless", "repetitive"],
        TempoMin = 124, TempoMax = 140, TempoDefault = 130,
        Tonality = Tonality.Minor,
        Instruments = new(Pad: 95, Comp: 87, Bass: 39, Lead: 84, DrumKit: 24),
        MajorProgressions = ["I I I I", "I I IV IV"],
        MinorProgressions = ["i i i i", "i i bVII i", "i i iv i"],
        Drums = new(
            Light: [new(Kick, "x...x...x...x...")],
            Basic: [new(Kick, "x...x...x...x..."), new(OpenHat, "..x...x...x...x."), new(Clap, "....x.......x...")],
            Full: [new(Kick, "x...x...x...x..."), new(OpenHat, "..x...x...x...x."), new(ClosedHat, "xxxxxxxxxxxxxxxx"),
                   new(Clap, "....x.......x..."), new(Tambourine, "....x.......x...")]),
        Bass = new(Low: "..R...R...R...R.", High: ".RR..RR..RR..RR."),
        Comp = new(Low: "a.....a.....a...", High: "a.aaa.aaa.aaa.aa"),
        MotifRhythms = ["x.x.x.x.x.x.x.x.", "x..x..x.x..x..x.", "x...x.x.x...x.x."],
        DrumGate = 0.1,
        PadStill = 0.7, PadMoving = 0.3, Reverb = 40, LeadLegato = 0.6,
    };

    /// <summary>Every style, the default (<see cref="Pop"/>) first.</summary>
    public static IReadOnlyList<Style> All { get; } =
        [Pop, Rock, Funk, Electronic, Jazz, Ambient, Cinematic, LoFi, Ballad, HipHop, Classical, Latin, Reggae, Metal, Folk, Blues, Techno];

    /// <summary>The style used when the prompt names none.</summary>
    public static Style Default => Pop;

    /// <summary>A style by name (case-insensitive), or null.</summary>
    public static Style? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
