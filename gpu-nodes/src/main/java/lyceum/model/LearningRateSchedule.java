package lyceum.model;

import ai.djl.training.tracker.Tracker;

/** Linear warm-up to the peak, then a cosine decay to a floor at the last step. */
record LearningRateSchedule(float peak, int warmupSteps, int totalSteps, float floorRatio) implements Tracker {

    static LearningRateSchedule of(double peak, int totalSteps, TrainingSettings settings) {
        int warmup = (int) Math.min(settings.maxWarmupSteps(), Math.ceil(totalSteps * settings.warmupFraction()));
        return new LearningRateSchedule(
                (float) peak, Math.max(1, warmup), Math.max(1, totalSteps), (float) settings.minLearningRateRatio());
    }

    /** {@code update} counts from 1, as DJL's optimisers pass it. */
    @Override
    public float getNewValue(int update) {
        if (update <= warmupSteps) {
            return peak * update / warmupSteps;
        }
        double progress = Math.min(1.0, (update - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (peak * (floorRatio + (1 - floorRatio) * cosine));
    }
}
