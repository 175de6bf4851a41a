using Expotion.Gateway.Core.Ensemble;

namespace Expotion.Gateway.Tests.Ensemble;

/// <summary>Which frame timestamps a session takes from a member: times in µs; "now" is the member's time on the session's clock.</summary>
public sealed class MemberClockWatchTests
{
    private const long Frame = 33_333;

    [Fact]
    public void Frame_LiveMemberWithAPause_Passes()
    {
        var watch = new MemberClockWatch();
        for (var i = 0; i < 30; i++) watch.Frame(i * Frame, 5_000 + i * Frame, i * Frame - 40_000);
        // The camera stops for 5 s: pts and arrival leap together.
        watch.Frame(30 * Frame + 5_000_000, 5_000 + 30 * Frame + 5_000_000, 30 * Frame + 5_000_000 - 40_000);
    }

    [Fact]
    public void Frame_SenderFasterThanRealTime_Passes()
    {
        var watch = new MemberClockWatch();
        // A file sent as fast as the session takes it: frames arrive 1 ms apart, far ahead of the session's clock.
        for (var i = 0; i < 300; i++) watch.Frame(i * Frame, i * 1_000, i * 1_000);
    }

    [Fact]
    public void Frame_BurstAfterAStalledNetwork_Passes()
    {
        var watch = new MemberClockWatch();
        watch.Frame(0, 3_000_000, 0);
        // The client dropped the frames it could not send during a 3 s stall; the next one is 2.97 s later in pts but
        // arrives right after the held one, and it is not ahead of the session's clock.
        watch.Frame(2_966_667, 3_010_000, 2_990_000);
    }

    [Fact]
    public void Frame_ClockJumpsTenSecondsAhead_FailsNamingPtsUs()
    {
        var watch = new MemberClockWatch();
        for (var i = 0; i < 30; i++) watch.Frame(i * Frame, i * Frame, i * Frame);

        var ex = Assert.Throws<InvalidInputException>(() => watch.Frame(30 * Frame + 10_000_000, 30 * Frame, 30 * Frame));
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("ahead of this member's time on the session's clock", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_ClockJumpsBack_FailsNamingPtsUs()
    {
        var watch = new MemberClockWatch();
        watch.Frame(1_000_000, 0, 1_000_000);

        var ex = Assert.Throws<InvalidInputException>(() => watch.Frame(0, Frame, 1_033_333));
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("timestamps must increase", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_BeforeJoining_OnlyTheOrderIsChecked()
    {
        var watch = new MemberClockWatch();
        watch.Frame(0, 0, null);
        watch.Frame(20_000_000, Frame, null);
        Assert.Throws<InvalidInputException>(() => watch.Frame(20_000_000, 2 * Frame, null));
    }
}
