namespace LambdaLayers.Tests.Publishing;

/// <summary>One request the fake Lambda received and how it answered.</summary>
public sealed record FakeLambdaJournalEntry(string Operation, string Method, string PathAndQuery, int Status, string? ErrorCode);
