package lyceum.problem;

import lyceum.events.ProblemEvent.ProblemRegistered;

/** The synthetic training problem the problem tests register: Ann's apples, answer 5, a one-step rationale. */
final class ApplesProblem {

    static final String QUESTION = "Ann has 2 apples and buys 3 more. How many apples does she have?";

    private ApplesProblem() {}

    static ProblemRegistered registered(String experimentId, String problemId) {
        return new ProblemRegistered(
                experimentId,
                problemId,
                QUESTION,
                "5",
                "2 + 3 = 5\n#### 5",
                1.0,
                1,
                "train",
                "synthetic",
                "synthetic:1",
                1);
    }
}
