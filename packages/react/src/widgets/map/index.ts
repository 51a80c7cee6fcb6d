export * from './choropleth-map';
export * from './world-geography';
