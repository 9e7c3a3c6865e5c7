/** Simulation of thick-slice acquisitions, the paper's metrics, and the experiments (docs/evaluation.md). */
package org.espreso.evaluation;
