/** From an estimated profile to SR: kernel conversion and the end-to-end pipeline. */
package org.espreso.bridge;
