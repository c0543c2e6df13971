/**
 * Pictures and reports of a run or a study: curves, classification maps, confusion matrices, study box
 * plots, {@code report.md}.
 */
package dev.prism.report;
