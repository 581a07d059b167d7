//! Statistics over the score log of a game server. See README.md for the format of the log.
//!
//! Every function reads the log through one lazy iterator, `games`: each line is trimmed, parsed
//! and handed on as it is reached, and nothing is stored on the way. Only `top_games` keeps games
//! around, in the one vector it returns.

use std::cmp::Ordering;
use std::fmt::Write;

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

/// The points of all the games in the log, added up.
pub fn total_points(log: &str) -> u64 {
    games(log).map(|game| u64::from(game.points)).sum()
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    // `max_by_key` would return the last of several equal games; `reduce` keeps the first.
    games(log).reduce(|best, game| if game.points > best.points { game } else { best })
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    if k == 0 {
        return Vec::new();
    }
    let mut games: Vec<Game<'_>> = games(log).collect();
    if games.len() > k {
        // Moves the k best games to the front, in no particular order, without sorting the rest.
        games.select_nth_unstable_by(k - 1, by_rank);
        games.truncate(k);
    }
    // No two games share a line, so the order is total and an unstable sort is enough.
    games.sort_unstable_by(by_rank);
    games
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let (count, total) =
        games(log).fold((0_usize, 0_u64), |(count, total), game| (count + 1, total + u64::from(game.points)));
    let mut out = format!("{count} games, {total} points\n");
    for (rank, game) in top_games(log, k).iter().enumerate() {
        writeln!(out, "{}. {} {}", rank + 1, game.player, game.points).expect("writing to a String cannot fail");
    }
    out
}

/// The games of the log, in line order, read one line at a time as the caller asks for them.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    log.lines().enumerate().filter_map(|(index, line)| parse_game(line, index + 1))
}

/// The game on one line, or `None` for a blank line, a comment or a line that is not a game.
fn parse_game(line: &str, number: usize) -> Option<Game<'_>> {
    let line = line.trim();
    if line.starts_with('#') {
        return None;
    }
    let (player, points) = line.split_once(',')?;
    let player = player.trim();
    if player.is_empty() {
        return None;
    }
    let points = points.trim().parse().ok()?;
    Some(Game { player, points, line: number })
}

/// Most points first, then the earlier line first.
fn by_rank(a: &Game<'_>, b: &Game<'_>) -> Ordering {
    b.points.cmp(&a.points).then(a.line.cmp(&b.line))
}
