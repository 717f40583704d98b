using System.Text.Json;

namespace LambdaLayers.Tests.Toml;

/// <summary>The conformance test is only as strict as its comparer, so the comparer is checked on its own.</summary>
public sealed class TaggedJsonComparerTests
{
    [Theory]
    [InlineData("""{"a":{"type":"float","value":"1e3"}}""", """{"a":{"type":"float","value":"1000.0"}}""")]
    [InlineData("""{"a":{"type":"float","value":"nan"}}""", """{"a":{"type":"float","value":"nan"}}""")]
    [InlineData("""{"a":{"type":"float","value":"inf"}}""", """{"a":{"type":"float","value":"+inf"}}""")]
    [InlineData("""{"a":{"type":"integer","value":"007"}}""", """{"a":{"type":"integer","value":"7"}}""")]
    [InlineData("""{"a":{"type":"datetime","value":"1987-07-05T17:45:56.600Z"}}""", """{"a":{"type":"datetime","value":"1987-07-05T17:45:56.6Z"}}""")]
    [InlineData("""{"a":{"type":"time-local","value":"10:32:00.500"}}""", """{"a":{"type":"time-local","value":"10:32:00.5"}}""")]
    [InlineData("""{"b":[],"a":{}}""", """{"a":{},"b":[]}""")]
    public void Equal_documents_match(string expected, string actual) =>
        Assert.Null(Compare(expected, actual));

    [Theory]
    [InlineData("""{"a":{"type":"float","value":"1.5"}}""", """{"a":{"type":"float","value":"1.25"}}""")]
    [InlineData("""{"a":{"type":"float","value":"nan"}}""", """{"a":{"type":"float","value":"0"}}""")]
    [InlineData("""{"a":{"type":"float","value":"-0"}}""", """{"a":{"type":"float","value":"0"}}""")]
    [InlineData("""{"a":{"type":"float","value":"1"}}""", """{"a":{"type":"integer","value":"1"}}""")]
    [InlineData("""{"a":{"type":"string","value":"x"}}""", """{"a":{"type":"string","value":"x "}}""")]
    [InlineData("""{"a":{"type":"datetime","value":"1987-07-05T17:45:56+01:00"}}""", """{"a":{"type":"datetime","value":"1987-07-05T16:45:56Z"}}""")]
    [InlineData("""{"a":{"type":"datetime-local","value":"1987-07-05T17:45:56"}}""", """{"a":{"type":"datetime-local","value":"1987-07-05T17:45:57"}}""")]
    [InlineData("""{"a":{}}""", """{"a":{},"b":{}}""")]
    [InlineData("""{"a":[{}]}""", """{"a":[{},{}]}""")]
    [InlineData("""{"a":[]}""", """{"a":{}}""")]
    public void Different_documents_do_not_match(string expected, string actual) =>
        Assert.NotNull(Compare(expected, actual));

    private static string? Compare(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        return TaggedJsonComparer.Difference(expectedDocument.RootElement, actualDocument.RootElement);
    }
}
