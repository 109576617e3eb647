/** Synthetic pictures and the machine-readable capture time painted into them. */
package dev.streamsync.sim.picture;
