namespace Expotion.Gateway.Core.Ensemble;

/// <summary>
/// Checks that a member's frame timestamps run with the session's clock (one watch per member stream). Timestamps must
/// increase. A frame whose pts leaps more than <see cref="JumpUs"/> further than the time that passed since the previous
/// frame arrived, to more than <see cref="JumpUs"/> ahead of the member's own time on the session's clock, comes from a
/// clock that jumped: its rows would sit in the session for as long as the jump, the member heard that much later.
/// What passes: a sender faster than real time (a file: one frame period at a time, held back by the session), a pause
/// (pts and arrival leap together), a burst after a stalled network (pts then stays at or behind the session's clock).
/// </summary>
public sealed class MemberClockWatch
{
    /// <summary>The largest leap of a member's clock past the session's (1 s).</summary>
    public const long JumpUs = 1_000_000;

    private long _lastPts = -1;
    private long _lastArrivalUs;
    private bool _any;

    /// <summary>Checks one frame.</summary>
    /// <param name="ptsUs">The frame's pts (the member's timeline).</param>
    /// <param name="arrivalUs">When it arrived (any monotonic clock in µs).</param>
    /// <param name="memberNowUs">The member's own time on the session's clock now; null before they have joined (then only
    /// the order is checked).</param>
    /// <exception cref="InvalidInputException">"frame.pts_us": out of order, or a jump.</exception>
    public void Frame(long ptsUs, long arrivalUs, long? memberNowUs)
    {
        if (ptsUs <= _lastPts)
            throw new InvalidInputException("frame.pts_us", $"{ptsUs} does not follow {_lastPts}; timestamps must increase");
        if (_any && memberNowUs is { } now)
        {
            var leap = ptsUs - _lastPts - (arrivalUs - _lastArrivalUs);
            var ahead = ptsUs - now;
            if (leap > JumpUs && ahead > JumpUs)
                throw new InvalidInputException("frame.pts_us",
                    $"{ptsUs} leaps {leap / 1e6:F1} s past the time since the previous frame ({_lastPts}), to {ahead / 1e6:F1} s ahead of this member's " +
                    $"time on the session's clock (at most {JumpUs / 1e6:F0} s): a member's timestamps must run with the session's clock; rejoin after a clock jump");
        }
        (_lastPts, _lastArrivalUs, _any) = (ptsUs, arrivalUs, true);
    }
}
