using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Broker.EndToEnd.Identity;

/// <summary>Reads a QR code PNG back to its text, as an authenticator app's camera would.</summary>
public static class QrCodes
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static string Decode(byte[] png)
    {
        Assert.Equal(PngSignature, png.Take(PngSignature.Length).ToArray());
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var luminance = new RGBLuminanceSource(image.Data, image.Width, image.Height,
            RGBLuminanceSource.BitmapFormat.RGBA32);
        var bitmap = new BinaryBitmap(new HybridBinarizer(luminance));

        // The image is a generated code, upright with a quiet zone: read as such, it always decodes. The general
        // finder-pattern search misses about one code in a hundred, so it is only the fallback.
        var result = new QRCodeReader().decode(bitmap, Hints(DecodeHintType.PURE_BARCODE))
            ?? new QRCodeReader().decode(bitmap, Hints(DecodeHintType.TRY_HARDER));
        Assert.True(result is not null, "The PNG holds no readable QR code.");
        return result.Text;
    }

    private static Dictionary<DecodeHintType, object> Hints(DecodeHintType hint) => new() { [hint] = true };
}
