/**
 * Classification metrics: confusion matrices, OA / AA / Kappa and per-class reports
 * ({@link dev.prism.metrics.ClassificationReport}), mean and spread, and paired comparisons of study arms
 * ({@link dev.prism.metrics.PairedComparison}: mean difference, 95% interval, paired t and Wilcoxon).
 */
package dev.prism.metrics;
