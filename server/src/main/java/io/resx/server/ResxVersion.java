package io.resx.server;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so it is written once, in the pom. */
public final class ResxVersion implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String version = ResxVersion.class.getPackage().getImplementationVersion();
        return new String[] {"resx " + (version == null ? "(development build)" : version)};
    }
}
