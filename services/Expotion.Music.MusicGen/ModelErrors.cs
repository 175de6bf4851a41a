namespace Expotion.Music.MusicGen;

/// <summary>
/// The errors of a model directory the backend cannot run, worded for the client: a missing file is a
/// <see cref="FileNotFoundException"/> (gRPC FailedPrecondition: the server lacks something), a graph with the wrong
/// signature or no directory configured is an <see cref="InvalidInputException"/> on <c>config.backend</c> (gRPC
/// InvalidArgument: this server cannot run the backend the request selected). Both name the file and what is wrong.
/// </summary>
public static class ModelErrors
{
    public const string Field = "config.backend";

    public static InvalidInputException Signature(string file, string problem) =>
        new(Field, $"musicgen model: {file}: {problem}");

    public static InvalidInputException NotConfigured() =>
        new(Field, $"musicgen has no model directory: set {MusicGenOptions.SectionName}:ModelDir (env Music__MusicGen__ModelDir) to a folder with {string.Join(", ", ModelDirectory.RequiredFiles)} and {ModelDirectory.TokenizerJson} or {ModelDirectory.SentencePieceModel}");

    public static FileNotFoundException MissingFile(string directory, string file) =>
        new($"musicgen model: {file} is missing from {directory}", Path.Combine(directory, file));
}
