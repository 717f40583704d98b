namespace LambdaLayers.Packaging;

/// <summary>
/// A write-only stream placed under a <see cref="System.IO.Compression.GZipStream"/> that forwards only the
/// deflate body to the zip: it drops the 10-byte gzip header and holds back the last 8 bytes written,
/// which are the gzip trailer once the compressor is disposed. Used for entries too large to compress in
/// memory.
/// </summary>
internal sealed class GzipBodyStream(Stream target) : Stream
{
    private readonly byte[] _header = new byte[GzipFraming.HeaderLength];
    private readonly byte[] _tail = new byte[GzipFraming.TrailerLength];
    private int _headerSeen;
    private int _tailLength;

    public long BodyBytes { get; private set; }

    /// <summary>The gzip trailer: valid after the compressor writing into this stream was disposed.</summary>
    public ReadOnlySpan<byte> Trailer => _tailLength == GzipFraming.TrailerLength
        ? _tail
        : throw new InvalidOperationException("The gzip stream ended without a trailer.");

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_headerSeen < GzipFraming.HeaderLength)
        {
            var take = Math.Min(GzipFraming.HeaderLength - _headerSeen, buffer.Length);
            buffer[..take].CopyTo(_header.AsSpan(_headerSeen));
            _headerSeen += take;
            buffer = buffer[take..];
            if (_headerSeen == GzipFraming.HeaderLength)
            {
                GzipFraming.CheckHeader(_header);
            }
        }
        if (buffer.IsEmpty)
        {
            return;
        }
        // Everything but the last 8 bytes seen so far is body: release the held-back tail first.
        var total = _tailLength + buffer.Length;
        var release = total - GzipFraming.TrailerLength;
        if (release > 0)
        {
            var fromTail = Math.Min(release, _tailLength);
            target.Write(_tail.AsSpan(0, fromTail));
            var fromBuffer = release - fromTail;
            target.Write(buffer[..fromBuffer]);
            BodyBytes += release;
            var keptTail = _tail.AsSpan(fromTail, _tailLength - fromTail).ToArray();
            keptTail.CopyTo(_tail);
            buffer[fromBuffer..].CopyTo(_tail.AsSpan(keptTail.Length));
            _tailLength = GzipFraming.TrailerLength;
        }
        else
        {
            buffer.CopyTo(_tail.AsSpan(_tailLength));
            _tailLength += buffer.Length;
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
