//! The tasks of a build and what each one waits for.
//!
//! All tasks are stored in one `Vec` and refer to each other by index.

use std::collections::{BTreeSet, HashMap};

/// Names a task of one [`TaskGraph`]. Ids follow creation order: the first task created has the
/// smallest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub usize);

/// Why [`TaskGraph::build_order`] found no order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Every task that cannot be ordered, in id order.
    pub stuck: Vec<TaskId>,
}

#[derive(Debug)]
struct Task {
    name: String,
    depends_on: Vec<TaskId>,
    needed_by: Vec<TaskId>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Waiting(usize),
    Ready,
    Done,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    tasks: Vec<Task>,
    by_name: HashMap<String, usize>,
}

impl TaskGraph {
    /// A graph with no tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the graph has no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Adds a task named `name` and returns its id; a name already in the graph gives the id it
    /// already has.
    pub fn add_task(&mut self, name: &str) -> TaskId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let index = self.tasks.len();
        self.tasks.push(Task { name: name.to_string(), depends_on: vec![], needed_by: vec![] });
        self.by_name.insert(self.tasks[index].name.clone(), index);
        TaskId(index)
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.by_name.get(name).map(|&index| TaskId(index))
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        if self.tasks[task.0].depends_on.contains(&on) || on.0 >= self.tasks.len() {
            return;
        }
        let tasks = self.tasks.as_mut_ptr();
        // SAFETY: both indices were checked against the length above
        let (waiting, needed) = unsafe { (&mut *tasks.add(task.0), &mut *tasks.add(on.0)) };
        waiting.depends_on.push(on);
        needed.needed_by.push(task);
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].depends_on.to_vec()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].needed_by.to_vec()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        let mut found = BTreeSet::new();
        let mut stack = self.tasks[task.0].depends_on.clone();
        while let Some(next) = stack.pop() {
            if found.insert(next) {
                for dep in self.tasks[next.0].depends_on.clone() {
                    stack.push(dep);
                }
            }
        }
        found.into_iter().collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        let mut states: Vec<State> = self
            .tasks
            .iter()
            .map(|t| if t.depends_on.is_empty() { State::Ready } else { State::Waiting(t.depends_on.len()) })
            .collect();
        // BTreeSet so the smallest ready id always comes out first
        let mut ready: BTreeSet<usize> = (0..states.len()).filter(|&i| states[i] == State::Ready).collect();
        let mut order = Vec::new();
        while let Some(next) = ready.pop_first() {
            states[next] = State::Done;
            order.push(TaskId(next));
            for waiting in &self.tasks[next].needed_by {
                match states[waiting.0] {
                    State::Waiting(1) => {
                        states[waiting.0] = State::Ready;
                        ready.insert(waiting.0);
                    }
                    State::Waiting(n) => states[waiting.0] = State::Waiting(n - 1),
                    _ => {}
                }
            }
        }
        if order.len() == self.tasks.len() {
            return Ok(order);
        }
        let stuck = (0..states.len()).filter(|&i| matches!(states[i], State::Waiting(_))).map(TaskId).collect();
        Err(CycleError { stuck })
    }
}
