/** Simulation of thick-slice acquisitions, the paper's metrics, and the experiments (EVALUATION.md). */
package org.espreso.evaluation;
