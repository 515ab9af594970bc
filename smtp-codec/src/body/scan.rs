//! The bulk scan both DATA directions share: find the next octet where a
//! DATA stream stops passing through as is.
//!
//! In a clean body every CR is followed by LF, every LF preceded by CR, and
//! a dot at a line start is rare, so the scan checks whole blocks in one
//! pass, comparing each octet with the two after it. Written over fixed-size
//! arrays with integer flags (safe code, no branch or bounds check per
//! octet), the check compiles to SIMD compares, and a branch is taken only
//! where something happens. A `memchr` per line end (tried: `memchr3` on
//! CR, LF, NUL) costs a call and often a mispredicted branch per line: it
//! measured less than half as fast. Only the block that held
//! something is narrowed down and looked at octet by octet.

/// Octets checked per round of the bulk check: big enough to amortize the
/// branch, small enough that narrowing down a block that held something is
/// short.
const BLOCK: usize = 128;
/// The round size that narrows down a block that held something.
const NARROW: usize = 16;
/// Octets handled side by side: one SSE2 register.
const LANES: usize = 16;

/// The first event in `input[from..]`, or `input.len()` when none:
///
/// - a CR LF "." (at its CR): a dot at a line start;
/// - a CR not followed by LF, or a CR at the end of the input (what it is
///   depends on the next input);
/// - an LF not preceded by CR;
/// - with `NUL`, a NUL.
///
/// The octet before `from` must not be a CR whose LF is at `from`: an LF at
/// `from` counts as bare.
pub(super) fn next_event<const NUL: bool>(input: &[u8], from: usize) -> usize {
    if input.get(from) == Some(&b'\n') {
        return from;
    }
    let mut at = from;
    while block_is_plain::<NUL, BLOCK>(input, at) == Some(true) {
        at += BLOCK;
    }
    while block_is_plain::<NUL, NARROW>(input, at) == Some(true) {
        at += NARROW;
    }
    // The round that held something, or the tail. A CR LF is skipped whole,
    // so an LF met here is bare unless a block already vouched for its CR.
    while let Some(&octet) = input.get(at) {
        match octet {
            b'\r' => match input.get(at + 1) {
                Some(b'\n') if input.get(at + 2) != Some(&b'.') => at += 2,
                _ => return at,
            },
            b'\n' if at == from || input[at - 1] != b'\r' => return at,
            0 if NUL => return at,
            _ => at += 1,
        }
    }
    at
}

/// Whether the `N` octets from `at` hold no event (an LF at `at` aside: the
/// round before, or the caller, checked it); `None` when fewer than `N + 2`
/// octets are left, as the check looks two octets ahead.
#[inline]
fn block_is_plain<const NUL: bool, const N: usize>(input: &[u8], at: usize) -> Option<bool> {
    let current = input.get(at..)?.first_chunk::<N>()?;
    let next = input.get(at + 1..)?.first_chunk::<N>()?;
    let after = input.get(at + 2..)?.first_chunk::<N>()?;
    if !NUL {
        let mut flags = 0;
        for k in 0..N {
            flags |= flag(current[k], next[k], after[k]);
        }
        return Some(flags == 0);
    }
    // The least octet of each lane, to find a NUL: one `min` per register
    // instead of a compare and an `or`. Written lane by lane so that the
    // compiler keeps one register per accumulator (without `low`, this shape
    // vectorizes across rounds instead, hence the flat loop above).
    let mut flags = [0; LANES];
    let mut low = [u8::MAX; LANES];
    for round in (0..N).step_by(LANES) {
        for lane in 0..LANES {
            let k = round + lane;
            flags[lane] |= flag(current[k], next[k], after[k]);
            low[lane] = low[lane].min(current[k]);
        }
    }
    let mut any = 0;
    for lane in 0..LANES {
        any |= flags[lane] | u8::from(low[lane] == 0);
    }
    Some(any == 0)
}

/// Nonzero when `octet`, followed by `next` and `after`, makes an event: a
/// CR must come with an LF and an LF with a CR (one `xor` checks both), and
/// a CR LF "." is a dot at a line start.
#[inline]
fn flag(octet: u8, next: u8, after: u8) -> u8 {
    let cr = u8::from(octet == b'\r');
    (cr ^ u8::from(next == b'\n')) | (cr & u8::from(after == b'.'))
}
