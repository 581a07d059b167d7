//! Statistics over the score log of a game server. See README.md for the format of the log.
//!
//! Every question is answered by streaming over the log: `games` is a lazy iterator that parses
//! one line each time it is asked for the next game, and nothing is stored unless it is part of
//! the answer.

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
    // Games come in line order, so keeping the earlier game on a tie keeps the earliest line.
    games(log).reduce(|best, game| if game.points > best.points { game } else { best })
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
///
/// Streams over the log keeping the best games seen so far in the vector it returns, sorted, and
/// never more than `k` of them: the only allocation is that vector.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    let mut top: Vec<Game<'_>> = Vec::new();
    if k == 0 {
        return top;
    }
    for game in games(log) {
        let full = top.len() == k;
        if full && top.last().is_some_and(|worst| worst.points >= game.points) {
            continue;
        }
        // After every kept game with at least as many points: those either score more or come
        // from an earlier line.
        let at = top.partition_point(|kept| kept.points >= game.points);
        if full {
            top.pop();
        }
        top.insert(at, game);
    }
    top
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let (games, points) =
        games(log).fold((0_usize, 0_u64), |(games, points), game| (games + 1, points + u64::from(game.points)));
    Report { games, points, top: &top_games(log, k) }.to_string()
}

/// What [`report`] writes.
struct Report<'r, 'a> {
    games: usize,
    points: u64,
    top: &'r [Game<'a>],
}

impl fmt::Display for Report<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} games, {} points", self.games, self.points)?;
        for (rank, game) in (1..).zip(self.top) {
            writeln!(f, "{rank}. {} {}", game.player, game.points)?;
        }
        Ok(())
    }
}

/// Every game of the log, in line order, parsed as it is asked for.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    (1..).zip(log.lines()).filter_map(|(line, text)| Game::parse(line, text))
}
