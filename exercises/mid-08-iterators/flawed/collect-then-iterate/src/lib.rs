//! Statistics over the score log of a game server. See README.md for the format of the log.

use std::cmp::Ordering;

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
        games.select_nth_unstable_by(k - 1, by_rank);
        games.truncate(k);
    }
    games.sort_unstable_by(by_rank);
    games
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let all: Vec<Game<'_>> = games(log).collect();
    let points: Vec<u64> = all.iter().map(|game| u64::from(game.points)).collect();
    let total: u64 = points.iter().sum();
    let lines: Vec<String> = top_games(log, k)
        .iter()
        .enumerate()
        .map(|(rank, game)| format!("{}. {} {}\n", rank + 1, game.player, game.points))
        .collect();
    format!("{} games, {} points\n{}", all.len(), total, lines.concat())
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
