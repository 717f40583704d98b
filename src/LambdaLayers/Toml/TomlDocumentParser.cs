namespace LambdaLayers.Toml;

/// <summary>
/// Recursive-descent parser for a whole TOML 1.0 document: key/value pairs, <c>[table]</c> and
/// <c>[[array of tables]]</c> headers, arrays and inline tables. It also enforces the rules about which
/// tables may be defined or extended where (see <see cref="TomlTableKind"/>).
/// </summary>
internal sealed class TomlDocumentParser
{
    // Deeply nested arrays or inline tables would otherwise exhaust the stack; no real document comes close.
    private const int MaxNesting = 128;

    private const string KeyForm = "a key (bare keys use A-Z a-z 0-9 _ -; put any other key in quotes)";

    private readonly TomlCursor cursor;
    private readonly TomlStringReader strings;
    private readonly TomlScalarReader scalars;
    private readonly TomlTable root;
    private TomlTable current;
    private int nesting;

    public TomlDocumentParser(TomlCursor cursor)
    {
        this.cursor = cursor;
        strings = new TomlStringReader(cursor);
        scalars = new TomlScalarReader(cursor);
        root = new TomlTable(cursor.SourceName, "", TomlTableKind.Root);
        current = root;
    }

    public TomlTable Parse()
    {
        while (true)
        {
            cursor.SkipWhitespace();
            switch (cursor.Peek())
            {
                case TomlCursor.EndOfInput:
                    return root;
                case '#':
                    cursor.SkipComment();
                    break;
                case '\n' or '\r':
                    cursor.TrySkipNewline();
                    break;
                case '[':
                    ReadHeader();
                    break;
                default:
                    ReadKeyValue(current);
                    cursor.ExpectEndOfLine("a key/value pair");
                    break;
            }
        }
    }

    private readonly record struct KeyPart(string Name, int Offset);

    /// <summary>A possibly dotted key; whitespace around it and around the dots is skipped.</summary>
    private List<KeyPart> ReadKey()
    {
        var parts = new List<KeyPart>();
        while (true)
        {
            cursor.SkipWhitespace();
            var offset = cursor.Position;
            string name;
            if (TomlStringReader.StartsString(cursor.Peek()))
            {
                name = strings.ReadQuotedKey();
            }
            else
            {
                while (cursor.Peek() is >= 0 and var c && TomlCursor.IsBareKeyChar((char)c))
                {
                    cursor.Advance();
                }
                if (cursor.Position == offset)
                {
                    throw cursor.Error($"unexpected {cursor.DescribeCurrent()}", parts.Count == 0 ? KeyForm : $"{KeyForm} after the '.'");
                }
                name = cursor.Text[offset..cursor.Position];
            }
            parts.Add(new KeyPart(name, offset));
            cursor.SkipWhitespace();
            if (cursor.Peek() != '.')
            {
                return parts;
            }
            cursor.Advance();
        }
    }

    private void ReadKeyValue(TomlTable table)
    {
        var key = ReadKey();
        if (cursor.Peek() != '=')
        {
            throw cursor.Error($"unexpected {cursor.DescribeCurrent()} after the key '{Format(key)}'", "'=' followed by a value");
        }
        cursor.Advance();
        cursor.SkipWhitespace();

        var parent = table;
        for (var i = 0; i < key.Count - 1; i++)
        {
            parent = OpenTableForDottedKey(parent, key[i]);
        }
        var last = key[^1];
        if (parent.ContainsKey(last.Name))
        {
            throw AlreadyDefined(parent, last, "each key to be defined only once per table");
        }
        var value = ReadValue(new ValuePath(parent, last.Name, null));
        parent.Add(last.Name, value, last.Offset);
    }

    /// <summary>
    /// Steps into (or creates) the table named by one part of a dotted key. Dotted keys may extend tables that
    /// dotted keys created, and the parents that headers created implicitly, but never a table defined by its own
    /// header, an inline table, an array or a plain value.
    /// </summary>
    private TomlTable OpenTableForDottedKey(TomlTable parent, KeyPart part)
    {
        if (!parent.TryGetValue(part.Name, out var existing))
        {
            var created = new TomlTable(cursor.SourceName, parent.KeyPathOf(part.Name), TomlTableKind.Dotted);
            parent.Add(part.Name, created, part.Offset);
            return created;
        }
        if (existing is TomlTable { Kind: TomlTableKind.Dotted or TomlTableKind.Implicit } table)
        {
            table.Kind = TomlTableKind.Dotted;
            return table;
        }
        throw AlreadyDefined(parent, part, "a new key (dotted keys cannot add to a table defined elsewhere or to a non-table value)");
    }

    private void ReadHeader()
    {
        var isArrayOfTables = cursor.StartsWith("[[");
        cursor.Advance(isArrayOfTables ? 2 : 1);
        var key = ReadKey();
        var closing = isArrayOfTables ? "]]" : "]";
        if (!cursor.StartsWith(closing))
        {
            throw cursor.Error($"unexpected {cursor.DescribeCurrent()} in the table header [{(isArrayOfTables ? "[" : "")}{Format(key)}",
                $"'{closing}' to close the header (on the same line)");
        }
        cursor.Advance(closing.Length);
        cursor.ExpectEndOfLine("the table header");

        var parent = root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            parent = OpenTableForHeader(parent, key[i]);
        }
        var last = key[^1];
        parent.TryGetValue(last.Name, out var existing);
        if (isArrayOfTables)
        {
            var array = existing switch
            {
                null => AddArrayOfTables(parent, last),
                TomlArray { IsArrayOfTables: true } tables => tables,
                _ => throw AlreadyDefined(parent, last, "a [[header]] name not already used for something other than an array of tables"),
            };
            current = new TomlTable(cursor.SourceName, array.KeyPathOf(array.Count), TomlTableKind.Header);
            array.Add(current);
        }
        else if (existing is null)
        {
            current = new TomlTable(cursor.SourceName, parent.KeyPathOf(last.Name), TomlTableKind.Header);
            parent.Add(last.Name, current, last.Offset);
        }
        else if (existing is TomlTable { Kind: TomlTableKind.Implicit } implicitTable)
        {
            implicitTable.Kind = TomlTableKind.Header;
            current = implicitTable;
        }
        else
        {
            throw AlreadyDefined(parent, last, "a table name not already defined (each table is defined only once)");
        }
    }

    private TomlArray AddArrayOfTables(TomlTable parent, KeyPart part)
    {
        var array = new TomlArray(cursor.SourceName, parent.KeyPathOf(part.Name), isArrayOfTables: true);
        parent.Add(part.Name, array, part.Offset);
        return array;
    }

    /// <summary>
    /// Steps into (or implicitly creates) a parent table named in a header. The parent may be any table except an
    /// inline one; for an array of tables it is the last element, as the spec says.
    /// </summary>
    private TomlTable OpenTableForHeader(TomlTable parent, KeyPart part)
    {
        switch (parent.TryGetValue(part.Name, out var existing) ? existing : null)
        {
            case null:
                var created = new TomlTable(cursor.SourceName, parent.KeyPathOf(part.Name), TomlTableKind.Implicit);
                parent.Add(part.Name, created, part.Offset);
                return created;
            case TomlTable { Kind: not TomlTableKind.Inline } table:
                return table;
            case TomlArray { IsArrayOfTables: true } tables:
                return (TomlTable)tables[^1];
            default:
                throw AlreadyDefined(parent, part, "a header path through tables only (inline tables and array values cannot be extended)");
        }
    }

    /// <summary>
    /// Where a value is about to be stored. Only arrays and tables keep their path (for later type errors), so the
    /// path string is built only for them, not for every scalar.
    /// </summary>
    private readonly record struct ValuePath(TomlTable? Table, string? Key, TomlArray? Array)
    {
        public override string ToString() => Array is not null ? Array.KeyPathOf(Array.Count) : Table!.KeyPathOf(Key!);
    }

    private object ReadValue(ValuePath path) => cursor.Peek() switch
    {
        '"' or '\'' => strings.ReadString(),
        '[' => ReadArray(path.ToString()),
        '{' => ReadInlineTable(path.ToString()),
        _ => scalars.ReadScalar(),
    };

    private TomlArray ReadArray(string keyPath)
    {
        var start = cursor.Position;
        EnterNesting();
        cursor.Advance();
        var array = new TomlArray(cursor.SourceName, keyPath, isArrayOfTables: false);
        while (true)
        {
            cursor.SkipWhitespaceCommentsAndNewlines();
            if (cursor.Peek() == ']')
            {
                break;
            }
            array.Add(ReadValue(new ValuePath(null, null, array)));
            cursor.SkipWhitespaceCommentsAndNewlines();
            if (cursor.Peek() == ',')
            {
                cursor.Advance();
                continue;
            }
            if (cursor.Peek() != ']')
            {
                throw cursor.Error($"unexpected {cursor.DescribeCurrent()} in the array opened at {Where(start)}", "',' between values or ']' to close the array");
            }
            break;
        }
        cursor.Advance();
        nesting--;
        return array;
    }

    private TomlTable ReadInlineTable(string keyPath)
    {
        var start = cursor.Position;
        EnterNesting();
        cursor.Advance();
        var table = new TomlTable(cursor.SourceName, keyPath, TomlTableKind.Inline);
        cursor.SkipWhitespace();
        if (cursor.Peek() != '}')
        {
            while (true)
            {
                ReadKeyValue(table);
                cursor.SkipWhitespace();
                if (cursor.Peek() == '}')
                {
                    break;
                }
                if (cursor.Peek() != ',')
                {
                    var problem = cursor.Peek() is '\n' or '\r' or TomlCursor.EndOfInput
                        ? $"inline table opened at {Where(start)} is not closed on its line"
                        : $"unexpected {cursor.DescribeCurrent()} in the inline table opened at {Where(start)}";
                    throw cursor.Error(problem, "',' between key/value pairs or '}' to close the inline table (inline tables stay on one line)");
                }
                cursor.Advance();
                cursor.SkipWhitespace();
                if (cursor.Peek() == '}')
                {
                    throw cursor.Error("trailing comma in an inline table", "another key/value pair after ',' (TOML 1.0 allows no comma before '}')");
                }
            }
        }
        cursor.Advance();
        nesting--;
        return table;
    }

    private void EnterNesting()
    {
        if (++nesting > MaxNesting)
        {
            throw cursor.Error($"arrays and inline tables nested more than {MaxNesting} levels deep", "a flatter structure");
        }
    }

    private TomlParseException AlreadyDefined(TomlTable parent, KeyPart part, string expected)
    {
        var existing = parent[part.Name];
        var what = existing switch
        {
            TomlTable { Kind: TomlTableKind.Header } => "as a table by its [header]",
            TomlTable { Kind: TomlTableKind.Inline } => "as an inline table, which cannot be changed afterwards,",
            TomlTable { Kind: TomlTableKind.Dotted } => "as a table by dotted keys",
            TomlTable => "as a table",
            TomlArray { IsArrayOfTables: true } => "as an array of tables",
            TomlArray => "as an array value, which cannot be extended,",
            _ => $"as {TomlValueTypes.WithArticle(TomlValueTypes.NameOf(existing))}",
        };
        return cursor.ErrorAt(part.Offset,
            $"'{parent.KeyPathOf(part.Name)}' is already defined {what} at {Where(parent.DefinedAt(part.Name))}", expected);
    }

    private string Where(int offset)
    {
        var (line, column) = cursor.LineAndColumn(offset);
        return $"line {line}, column {column}";
    }

    private static string Format(List<KeyPart> key) => string.Join(".", key.Select(part => TomlKeyPath.Format(part.Name)));
}
