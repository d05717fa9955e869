package io.resx.perf.workload;

import io.resx.protocol.command.Command;

/**
 * A window of pre-filled {@link Command}s over the endless, cyclic stream of a {@link CommandPlan}: the
 * measured loop hands these straight to the engine, and {@link #refill} moves the window on between
 * measured stretches. Filling allocates nothing.
 */
public final class CommandRing
{
    private final CommandPlan plan;
    private final Command[] commands;
    private final byte[] categories;
    private long position;

    /**
     * @param plan the stream.
     * @param size commands in the window.
     */
    public CommandRing(final CommandPlan plan, final int size)
    {
        this.plan = plan;
        commands = new Command[size];
        categories = new byte[size];
        for (int i = 0; i < size; i++)
        {
            commands[i] = new Command();
        }
    }

    /** Fills the window with the next {@link #size()} commands of the stream. */
    public void refill()
    {
        final int planSize = plan.size();
        int row = (int)(position % planSize);
        for (int i = 0; i < commands.length; i++)
        {
            plan.fill(row, commands[i]);
            categories[i] = (byte)plan.category(row);
            if (++row == planSize)
            {
                row = 0;
            }
        }
        position += commands.length;
    }

    /** @return commands in the window. */
    public int size()
    {
        return commands.length;
    }

    /**
     * @param index 0-based, below {@link #size()}.
     * @return the command.
     */
    public Command command(final int index)
    {
        return commands[index];
    }

    /**
     * @param index 0-based, below {@link #size()}.
     * @return the {@link MixCategory} ordinal of the command.
     */
    public int category(final int index)
    {
        return categories[index];
    }

    /** @return stream commands filled so far: a whole number of plan passes means the engine is back at empty. */
    public long position()
    {
        return position;
    }
}
