/**
 * Cohorts: a BIDS dataset in, BIDS derivatives out, one subject per task on this machine or as a SLURM job array
 * (docs/cohorts.md). {@link org.espreso.cohort.BidsDataset} finds the anatomical scans, {@link
 * org.espreso.cohort.ScanSurvey} decides which have a thick axis, {@link org.espreso.cohort.ScanRunner} runs the
 * in-memory library ({@code org.espreso.bridge.Espreso}) on one scan and writes its derivatives, {@link
 * org.espreso.cohort.GroupSummary} gathers the group table and report, {@link org.espreso.cohort.SlurmSubmitter}
 * submits the array.
 */
package org.espreso.cohort;
