using System.Globalization;
using System.Text.RegularExpressions;
using OtpNet;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Broker.Security.Harness;

/// <summary>An authenticator app: reads the secret from the QR code PNG and makes RFC 6238 codes.</summary>
public sealed partial class Totp(byte[] secret)
{
    private const int StepSeconds = 30;
    private readonly OtpNet.Totp _totp = new(secret, StepSeconds, OtpHashMode.Sha1, 6);

    /// <summary>The secret in base32, as the QR code carries it.</summary>
    public string Base32Secret { get; } = Base32Encoding.ToString(secret);

    /// <summary>Asks for the user's QR code, decodes it and returns the app it enrols.</summary>
    public static async Task<Totp> EnrolAsync(GatewayClient gateway, TestUser user, string issuer = "Broker")
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(user);
        var reply = await gateway.AdminAsync("/create_qr",
            new JsonObject { ["username"] = user.Username, ["issuer"] = issuer });
        var uri = DecodeQr(Convert.FromBase64String(reply.AssertOk()["qr"]!.GetValue<string>()));
        var match = SecretPattern().Match(uri);
        Assert.True(match.Success, uri);
        return new Totp(Base32Encoding.ToBytes(match.Groups["secret"].Value));
    }

    /// <summary>The time step of <paramref name="time"/>.</summary>
    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static long CurrentStep => StepOf(DateTimeOffset.UtcNow);

    public string Now() => _totp.ComputeTotp(DateTime.UtcNow);

    /// <summary>The code of a time step.</summary>
    public string AtStep(long step) =>
        _totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);

    /// <summary>A six-digit code that no step near now accepts, different for each <paramref name="index"/>.</summary>
    public string Wrong(int index)
    {
        var step = CurrentStep;
        var near = Enumerable.Range(-3, 7).Select(offset => AtStep(step + offset)).ToHashSet();
        for (var candidate = 734_519L + (104_729L * index); ; candidate += 7)
        {
            var code = (candidate % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            if (!near.Contains(code))
            {
                return code;
            }
        }
    }

    /// <summary>A six-digit code other than <paramref name="code"/>, one for each <paramref name="index"/>.</summary>
    public static string Other(string code, int index)
    {
        ArgumentNullException.ThrowIfNull(code);
        var value = (int.Parse(code, CultureInfo.InvariantCulture) + 1 + index) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a QR code PNG back to its text, as a phone camera would.</summary>
    /// <remarks>
    /// The image is a perfect render, which ZXing reads most reliably as a "pure" barcode; its locator for
    /// photographed codes misses about one render in a hundred, so it is only the fallback.
    /// </remarks>
    public static string DecodeQr(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var luminance = new RGBLuminanceSource(image.Data, image.Width, image.Height,
            RGBLuminanceSource.BitmapFormat.RGBA32);
        var pure = new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true };
        var hard = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance)), pure)
            ?? new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance)), hard);
        Assert.True(result is not null, "The PNG holds no readable QR code.");
        return result.Text;
    }

    [GeneratedRegex("[?&]secret=(?<secret>[A-Z2-7]+)")]
    private static partial Regex SecretPattern();
}
