package lyceum.replay;

import lyceum.events.ProblemEvent.HintKind;

/** What each kind of hint did, in the words of the guided-sampling method. */
final class HintWords {

    private HintWords() {}

    static String of(HintKind kind) {
        return switch (kind) {
            case ANSWER -> "answer-driven: the reference final answer was put in the prompt";
            case RATIONALE -> "rationale-driven: the reference rationale was given as a guide";
            case STATE_RESET_PREFIX -> "state reset: generation restarted after a prefix of the reference rationale";
            case TEACHER_FEEDBACK -> "interactive: a teacher named the first wrong step of an earlier answer";
            case CRITIQUE ->
                "critique in the loop: a critic judged each step of a wrong answer, then the model refined it";
            case REFLECTION -> "reflection: the model reflected on its wrong first trial, then tried again";
        };
    }
}
