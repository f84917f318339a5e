using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Just enough of a PNG decoder to look at a browser's screenshot (8-bit RGB or RGBA, not interlaced): chunks,
/// zlib-inflated IDAT, and the five scanline filters. System.Drawing is not available on Linux.
/// </summary>
internal sealed class PngImage
{
    private readonly byte[] pixels;
    private readonly int channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        this.channels = channels;
        this.pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }))
        {
            throw new InvalidDataException($"{path} is not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (depth, colour, interlace) = (data[8], data[9], data[12]);
                if (depth != 8 || colour is not (2 or 6) || interlace != 0)
                {
                    throw new InvalidDataException($"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}");
                }

                channels = colour == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Pixels in the rectangle within <paramref name="tolerance"/> (per channel) of the colour.</summary>
    public int CountNear(int x0, int y0, int x1, int y1, (int R, int G, int B) colour, int tolerance)
    {
        var count = 0;
        for (var y = y0; y < Math.Min(y1, Height); y++)
        {
            for (var x = x0; x < Math.Min(x1, Width); x++)
            {
                var i = ((y * Width) + x) * channels;
                if (Math.Abs(pixels[i] - colour.R) <= tolerance && Math.Abs(pixels[i + 1] - colour.G) <= tolerance
                    && Math.Abs(pixels[i + 2] - colour.B) <= tolerance)
                {
                    count++;
                }
            }
        }

        return count;
    }

    public int DistinctColours(int x0, int y0, int x1, int y1)
    {
        var seen = new HashSet<int>();
        for (var y = y0; y < Math.Min(y1, Height); y++)
        {
            for (var x = x0; x < Math.Min(x1, Width); x++)
            {
                var i = ((y * Width) + x) * channels;
                seen.Add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
            }
        }

        return seen.Count;
    }

    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = (y * (stride + 1)) + 1;
            var row = y * stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? result[row + x - channels] : 0;
                int b = y > 0 ? result[row - stride + x] : 0;
                int c = x >= channels && y > 0 ? result[row - stride + x - channels] : 0;
                var raw = data[source + x];
                result[row + x] = (byte)(filter switch
                {
                    0 => raw,
                    1 => raw + a,
                    2 => raw + b,
                    3 => raw + ((a + b) / 2),
                    4 => raw + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown PNG filter {filter}"),
                });
            }
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
