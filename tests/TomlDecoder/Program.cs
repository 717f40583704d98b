// toml-test decoder: reads TOML from stdin (or the file named by the first argument), writes the toml-test
// tagged JSON to stdout and exits 0; on invalid TOML it prints the error to stderr and exits 1.
using LambdaLayers;
using LambdaLayers.Toml;

try
{
    TomlTable document;
    if (args.Length > 0)
    {
        document = TomlReader.ParseFile(args[0]);
    }
    else
    {
        using var input = new MemoryStream();
        Console.OpenStandardInput().CopyTo(input);
        document = TomlReader.ParseUtf8(input.ToArray(), "<stdin>");
    }
    using var output = Console.OpenStandardOutput();
    TomlTaggedJson.Write(output, document);
    output.WriteByte((byte)'\n');
    return 0;
}
catch (LayerException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
