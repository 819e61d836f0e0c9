package lyceum.model;

/** A chosen token and its natural-log probability under the untempered model distribution. */
record TokenChoice(int token, double logProb) {}
