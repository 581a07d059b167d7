//! Deterministic sharding for CI job matrices: `--shard K/N` grades the submissions whose name
//! hashes to K. The main type is [`Shard`].

/// A deterministic slice of a batch: shard `index` of `count` (1-based), `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (index.parse::<u64>().map_err(|_| bad())?, count.parse::<u64>().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// `--shard`: a shard given as `K/N`, or `auto`, read from the CI engine's own variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardChoice {
    Auto,
    Fixed(Shard),
}

impl std::str::FromStr for ShardChoice {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == "auto" {
            Ok(ShardChoice::Auto)
        } else {
            text.parse().map(ShardChoice::Fixed)
        }
    }
}

impl ShardChoice {
    /// The shard: given, or read from the environment through `var` (see [`Shard::from_env`]).
    pub fn resolve(self, var: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
        match self {
            ShardChoice::Fixed(shard) => Ok(shard),
            ShardChoice::Auto => Shard::from_env(var),
        }
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The shard a CI engine gives this job, from its own variables (through `var`), first found:
    /// `GRADER_SHARD` (`K/N`, e.g. a GitHub Actions matrix value passed in), GitLab's
    /// `CI_NODE_INDEX`/`CI_NODE_TOTAL` (1-based), a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`
    /// (0-based) with `GRADER_SHARD_TOTAL`.
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Result<Shard, String> {
        if let Some(text) = var("GRADER_SHARD") {
            return text.parse().map_err(|err| format!("GRADER_SHARD: {err}"));
        }
        if let (Some(index), Some(total)) = (var("CI_NODE_INDEX"), var("CI_NODE_TOTAL")) {
            return format!("{index}/{total}").parse().map_err(|err| format!("CI_NODE_INDEX/CI_NODE_TOTAL: {err}"));
        }
        if let Some(index) = var("JOB_COMPLETION_INDEX") {
            let total = var("GRADER_SHARD_TOTAL")
                .ok_or("JOB_COMPLETION_INDEX is set but GRADER_SHARD_TOTAL (the Job's completions) is not")?;
            let index: u64 = index.parse().map_err(|_| format!("JOB_COMPLETION_INDEX `{index}` is not a number"))?;
            return format!("{}/{total}", index + 1).parse().map_err(|err| format!("JOB_COMPLETION_INDEX: {err}"));
        }
        Err("--shard auto found no shard in the environment: set GRADER_SHARD=K/N, or run under GitLab \
             `parallel:` (CI_NODE_INDEX, CI_NODE_TOTAL) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, \
             with GRADER_SHARD_TOTAL)"
            .to_owned())
    }

    /// Whether `submission` belongs to this shard (FNV-1a of its name, modulo the count).
    pub fn contains(&self, submission: &str) -> bool {
        let hash = submission
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
        hash % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reads_each_engines_own_variables() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
        };
        let shard = |index, count| Shard { index, count };
        assert_eq!(ShardChoice::Auto.resolve(&env(&[("GRADER_SHARD", "2/4")])), Ok(shard(2, 4)));
        assert_eq!(ShardChoice::Auto.resolve(&env(&[("CI_NODE_INDEX", "3"), ("CI_NODE_TOTAL", "5")])), Ok(shard(3, 5)));
        let kubernetes = env(&[("JOB_COMPLETION_INDEX", "0"), ("GRADER_SHARD_TOTAL", "4")]);
        assert_eq!(ShardChoice::Auto.resolve(&kubernetes), Ok(shard(1, 4)));
        assert!(ShardChoice::Auto
            .resolve(&env(&[("JOB_COMPLETION_INDEX", "0")]))
            .is_err_and(|e| e.contains("GRADER_SHARD_TOTAL")));
        assert!(ShardChoice::Auto.resolve(&env(&[])).is_err_and(|e| e.contains("GRADER_SHARD=K/N")));
        assert!(ShardChoice::Auto.resolve(&env(&[("CI_NODE_INDEX", "6"), ("CI_NODE_TOTAL", "5")])).is_err());
        assert_eq!("1/2".parse::<ShardChoice>(), Ok(ShardChoice::Fixed(shard(1, 2))));
    }

    #[test]
    fn shards_partition_names_deterministically() {
        let names: Vec<String> = (0..200).map(|i| format!("candidate-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().expect("shard")).collect();
        for name in &names {
            let owners = shards.iter().filter(|shard| shard.contains(name)).count();
            assert_eq!(owners, 1, "{name} must be in exactly one shard");
        }
        let first: Vec<&String> = names.iter().filter(|name| shards[0].contains(name)).collect();
        assert!(first.len() > 30 && first.len() < 100, "{}", first.len());
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
