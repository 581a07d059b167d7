//! Statistics over the score log of a game server. See README.md for the format of the log.

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
    let games = games(log);
    let points: Vec<u64> = games.iter().map(|game| u64::from(game.points)).collect();
    points.iter().sum()
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    let ranked = ranked(log);
    ranked.first().copied()
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    let ranked = ranked(log);
    ranked.iter().take(k).copied().collect()
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let games = games(log);
    let mut out = format!("{} games, {} points\n", games.len(), total_points(log));
    let lines: Vec<String> = top_games(log, k)
        .iter()
        .enumerate()
        .map(|(rank, game)| format!("{}. {} {}\n", rank + 1, game.player, game.points))
        .collect();
    for line in &lines {
        out.push_str(line);
    }
    out
}

/// Every game of the log, in line order.
fn games(log: &str) -> Vec<Game<'_>> {
    let lines: Vec<(usize, &str)> = log.lines().enumerate().map(|(index, line)| (index + 1, line.trim())).collect();
    let kept: Vec<(usize, &str)> =
        lines.iter().filter(|(_, line)| !line.is_empty() && !line.starts_with('#')).copied().collect();
    let fields: Vec<(usize, &str, &str)> = kept
        .iter()
        .filter_map(|(number, line)| {
            line.split_once(',').map(|(player, points)| (*number, player.trim(), points.trim()))
        })
        .collect();
    let mut games = Vec::new();
    for (number, player, points) in &fields {
        if player.is_empty() {
            continue;
        }
        if let Ok(points) = points.parse::<u32>() {
            games.push(Game { player, points, line: *number });
        }
    }
    games
}

/// Every game of the log, most points first; games with equal points in line order.
fn ranked(log: &str) -> Vec<Game<'_>> {
    let mut games = games(log);
    games.sort_by(|a, b| b.points.cmp(&a.points).then(a.line.cmp(&b.line)));
    games
}
