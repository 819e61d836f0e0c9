/**
 * Problems to learn from and to evaluate on: the bundled GSM8K, MATH-500 and SVAMP files (with
 * their licences in {@code lyceum/datasets/LICENSES.md}), custom JSONL through a
 * {@link lyceum.datasets.FieldMapping}, and {@link lyceum.datasets.SyntheticArithmetic}, whose
 * step-wise rationales {@link lyceum.datasets.ArithmeticSteps} can check step by step.
 */
package lyceum.datasets;
