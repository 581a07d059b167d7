//! Statistics over the score log of a game server. See README.md for the format of the log.
//!
//! Every question is answered from `games`, a lazy iterator that parses one line each time it is
//! asked for the next game; only `top_games` keeps games, in the vector it returns.

use std::cmp::Reverse;
use std::fmt;

/// One game read from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Game<'a> {
    /// The player, as written in the log (without surrounding whitespace).
    pub player: &'a str,
    /// The points scored in the game.
    pub points: u32,
    /// The number of the line the game is on, counting from 1.
    pub line: usize,
}

impl<'a> Game<'a> {
    /// The game on line number `line`, whose text is `text`; `None` when the line holds no game.
    fn parse(line: usize, text: &'a str) -> Option<Self> {
        let text = text.trim();
        // A blank line has no `,` and is rejected below; a comment may have one.
        if text.starts_with('#') {
            return None;
        }
        let (player, points) = text.split_once(',')?;
        let player = player.trim();
        if player.is_empty() {
            return None;
        }
        let points = points.trim().parse().ok()?;
        Some(Game { player, points, line })
    }
}

/// The points of all the games in the log, added up.
pub fn total_points(log: &str) -> u64 {
    games(log).map(|game| u64::from(game.points)).sum()
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    games(log).max_by_key(|game| (game.points, Reverse(game.line)))
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
///
/// The only allocation is the vector returned: it is filled with every game, the best `k` are
/// moved to its front and sorted without allocating, and the rest is cut off.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    if k == 0 {
        return Vec::new();
    }
    let mut top: Vec<Game<'_>> = games(log).collect();
    // No two games share a line, so this order is total and an unstable sort gives the one answer.
    let rank = |a: &Game<'_>, b: &Game<'_>| b.points.cmp(&a.points).then(a.line.cmp(&b.line));
    if k < top.len() {
        top.select_nth_unstable_by(k, rank);
        top.truncate(k);
    }
    top.sort_unstable_by(rank);
    top
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let (games, points) =
        games(log).fold((0_usize, 0_u64), |(games, points), game| (games + 1, points + u64::from(game.points)));
    let mut out = String::new();
    // Writing into a `String` never fails: only the formatting machinery's signature can.
    write_report(&mut out, games, points, &top_games(log, k)).expect("a String accepts any text");
    out
}

/// Writes the lines of a report to `out`.
fn write_report(out: &mut impl fmt::Write, games: usize, points: u64, top: &[Game<'_>]) -> fmt::Result {
    writeln!(out, "{games} games, {points} points")?;
    for (rank, game) in (1..).zip(top) {
        writeln!(out, "{rank}. {} {}", game.player, game.points)?;
    }
    Ok(())
}

/// Every game of the log, in line order, parsed as it is asked for.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    (1..).zip(log.lines()).filter_map(|(line, text)| Game::parse(line, text))
}
